# expect: memory_limit
# about: tries to lift RLIMIT_AS (errors ignored), then allocates 1 GiB and touches it (uncaught MemoryError expected)
import resource

try:
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
except (ValueError, OSError):
    pass
data = bytearray(1 << 30)
for off in range(0, len(data), 4096):
    data[off] = 1
print(f"LEAK: allocated and touched {len(data)} bytes")
