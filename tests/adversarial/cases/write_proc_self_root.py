# expect: ok
# stdout: blocked\n
# about: tries to create files through /proc/self/root and /proc/1/root into /etc and /usr
import os

TARGETS = [
    "/proc/self/root/etc/pwned_verdict",
    "/proc/self/root/usr/pwned_verdict",
    "/proc/1/root/etc/pwned_verdict",
    "/proc/1/root/pwned_verdict",
]
created = []
for path in TARGETS:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError:
        continue
    os.close(fd)
    created.append(path)
    try:
        os.unlink(path)
    except OSError:
        pass
print("blocked" if not created else f"LEAK: created {created}")
