# expect: ok
# stdout: blocked\n
# about: tries to open /proc/sys/kernel/hostname for writing (absent with a pid-only /proc; read-only otherwise); writes the current name back so it changes nothing even if it works
import os

PATH = "/proc/sys/kernel/hostname"
try:
    with open(PATH, "rb") as f:
        current = f.read()
    fd = os.open(PATH, os.O_WRONLY)
except OSError:
    print("blocked")
else:
    try:
        os.write(fd, current)
        print("LEAK: /proc/sys/kernel/hostname is writable")
    except OSError:
        print("LEAK: /proc/sys/kernel/hostname opened for writing (write failed)")
    finally:
        os.close(fd)
