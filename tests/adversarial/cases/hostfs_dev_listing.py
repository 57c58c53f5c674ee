# expect: ok
# stdout: ['full', 'null', 'random', 'urandom', 'zero']\n
# about: lists /dev: apart from convenience symlinks into /proc/self (fd, stdin, stdout, stderr) only null, zero, full, random, urandom may be there
import os

shown = []
for name in sorted(os.listdir("/dev")):
    path = os.path.join("/dev", name)
    if os.path.islink(path) and os.readlink(path).startswith("/proc/self/"):
        continue
    shown.append(name)
print(shown)
