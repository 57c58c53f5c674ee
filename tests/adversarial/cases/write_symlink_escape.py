# expect: ok
# stdout: blocked\n
# about: creates a symlink in /tmp pointing at /etc/pwned_verdict and writes through it
import os

try:
    os.symlink("/etc/pwned_verdict", "escape_link")
except OSError as e:
    print(f"setup: symlink in the scratch dir failed ({e.strerror})")
    raise SystemExit(0)

try:
    with open("escape_link", "w") as f:
        f.write("pwned by the verdict sandbox\n")
except OSError:
    print("blocked")
else:
    print("LEAK: wrote /etc/pwned_verdict through a symlink")
    try:
        os.unlink("/etc/pwned_verdict")
    except OSError:
        pass
