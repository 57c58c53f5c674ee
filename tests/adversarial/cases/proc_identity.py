# expect: ok
# stdout: 1000 1000 1000 1000\n
# about: prints uid, gid, euid, egid (must be the unprivileged 1000/1000)
import os

print(os.getuid(), os.getgid(), os.geteuid(), os.getegid())
