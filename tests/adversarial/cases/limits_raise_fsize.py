# expect: ok
# stdout: blocked\n
# about: tries resource.setrlimit(RLIMIT_FSIZE, (RLIM_INFINITY, RLIM_INFINITY)) to lift the file-size limit; prints blocked on ValueError/OSError
import resource

before = resource.getrlimit(resource.RLIMIT_FSIZE)
try:
    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
except (ValueError, OSError):
    print("blocked")
else:
    print(f"LEAK: RLIMIT_FSIZE went from {before} to {resource.getrlimit(resource.RLIMIT_FSIZE)}")
