# expect: ok
# stdout: unprivileged\n
# about: prints uid, gid, euid, egid unless they are one unprivileged id (1000 on the exec path, 1000 plus the slot in a fork-server child)
import os

ids = (os.getuid(), os.getgid(), os.geteuid(), os.getegid())
print("unprivileged" if len(set(ids)) == 1 and 1000 <= ids[0] < 1000 + 64 else f"LEAK: ids {ids}")
