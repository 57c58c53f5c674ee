# expect: ok
# stdout: blocked\n
# about: tries to hard-link /usr/bin/python3.11 into the scratch dir (must fail: cross-device, EXDEV)
import os

try:
    os.link("/usr/bin/python3.11", "python_link")
except OSError:
    print("blocked")
else:
    print("LEAK: hard-linked the interpreter into the scratch dir")
    os.unlink("python_link")
