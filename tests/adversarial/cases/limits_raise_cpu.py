# expect: ok
# stdout: blocked\n
# about: tries resource.setrlimit(RLIMIT_CPU, (RLIM_INFINITY, RLIM_INFINITY)) to lift the CPU-time limit; prints blocked on ValueError/OSError
import resource

before = resource.getrlimit(resource.RLIMIT_CPU)
try:
    resource.setrlimit(resource.RLIMIT_CPU, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
except (ValueError, OSError):
    print("blocked")
else:
    print(f"LEAK: RLIMIT_CPU went from {before} to {resource.getrlimit(resource.RLIMIT_CPU)}")
