# expect: ok
# stdout: ['box', 'dev', 'etc', 'proc', 'tmp', 'usr']\n
# about: lists the real directories at the top of / (symlinks such as /lib -> usr/lib are skipped but must point into /usr or /lib64)
import os

dirs = []
for name in sorted(os.listdir("/")):
    path = os.path.join("/", name)
    if os.path.islink(path):
        target = os.path.realpath(path)
        if not (target.startswith("/usr/") or target.startswith("/lib64/")):
            print(f"LEAK: /{name} links to {target}")
        continue
    dirs.append(name)
print(dirs)
