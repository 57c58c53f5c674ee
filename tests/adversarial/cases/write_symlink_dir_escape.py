# expect: ok
# stdout: blocked\n
# about: creates a symlink in /tmp to the /usr directory and creates a file through it
import os

try:
    os.symlink("/usr", "usr_link")
except OSError as e:
    print(f"setup: symlink in the scratch dir failed ({e.strerror})")
    raise SystemExit(0)

try:
    fd = os.open("usr_link/pwned_verdict", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
except OSError:
    print("blocked")
else:
    os.close(fd)
    print("LEAK: created /usr/pwned_verdict through a directory symlink")
    try:
        os.unlink("/usr/pwned_verdict")
    except OSError:
        pass
