# expect: ok
# stdout: blocked\n
# about: tries to list /sys (must be absent or empty inside the sandbox)
import os

try:
    names = os.listdir("/sys")
except OSError:
    names = []
print("blocked" if not names else f"LEAK: /sys has {sorted(names)[:20]}")
