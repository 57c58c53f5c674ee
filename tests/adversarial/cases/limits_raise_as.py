# expect: ok
# stdout: blocked\n
# about: tries resource.setrlimit(RLIMIT_AS, (RLIM_INFINITY, RLIM_INFINITY)) to lift the address-space limit; prints blocked on ValueError/OSError
import resource

before = resource.getrlimit(resource.RLIMIT_AS)
try:
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
except (ValueError, OSError):
    print("blocked")
else:
    print(f"LEAK: RLIMIT_AS went from {before} to {resource.getrlimit(resource.RLIMIT_AS)}")
