# expect: ok
# stdout: blocked\n
# about: tries to open host device nodes (/dev/mem, /dev/kmsg, disks, ttys, /dev/shm); none may exist in the sandbox
import os

CANDIDATES = [
    "/dev/mem", "/dev/kmem", "/dev/port", "/dev/kmsg", "/dev/console",
    "/dev/tty", "/dev/tty0", "/dev/ptmx", "/dev/sda", "/dev/vda",
    "/dev/nvme0n1", "/dev/loop0", "/dev/fuse", "/dev/kvm", "/dev/net/tun",
    "/dev/shm", "/dev/mqueue", "/dev/hugepages",
]

opened = []
for path in CANDIDATES:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError:
        continue
    os.close(fd)
    opened.append(path)
print("blocked" if not opened else f"LEAK: opened {opened}")
