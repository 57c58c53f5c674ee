# expect: ok
# stdout: blocked\n
# about: tries to create /usr/pwned_verdict (outside the scratch dir: /usr)
import os

PATH = "/usr/pwned_verdict"
try:
    fd = os.open(PATH, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
except OSError:
    print("blocked")
else:
    os.write(fd, b"pwned by the verdict sandbox\n")
    os.close(fd)
    print(f"LEAK: created {PATH}")
    try:
        os.unlink(PATH)
    except OSError:
        pass
