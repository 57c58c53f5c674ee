# expect: memory_limit
# about: maps 1 MiB anonymous regions one after another, touching each page, until mmap fails with ENOMEM (uncaught)
import mmap

PAGE = 4096
SIZE = 1 << 20
maps = []
total = 0
# Capped at 2 GiB so that a sandbox without a memory limit prints LEAK instead of eating the host.
while total < (2 << 30):
    m = mmap.mmap(-1, SIZE)  # OSError(ENOMEM) here at the limit
    for off in range(0, SIZE, PAGE):
        m[off] = 1
    maps.append(m)
    total += SIZE
print(f"LEAK: mapped and touched {total} bytes")
