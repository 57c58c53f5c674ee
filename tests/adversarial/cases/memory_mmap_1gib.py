# expect: memory_limit
# about: anonymous mmap of 1 GiB via the mmap module (OSError ENOMEM under RLIMIT_AS, uncaught); touches every page if it is granted
import mmap

m = mmap.mmap(-1, 1 << 30)  # expected to fail here with OSError(ENOMEM)
# If the mapping was granted (e.g. the limit is enforced by a memory cgroup
# instead of RLIMIT_AS), make it real so the limit has to act.
for off in range(0, len(m), 4096):
    m[off] = 1
print(f"LEAK: mapped and touched {len(m)} bytes")
