# expect: ok
# stdout: blocked\n
# about: tries to list the host's /root (must not exist inside the sandbox)
import os

try:
    names = os.listdir("/root")
except OSError:
    print("blocked")
else:
    print(f"LEAK: /root is listable: {sorted(names)[:20]}")
