# expect: ok
# stdout: blocked\n
# about: tries to list the host's /home (must not exist inside the sandbox)
import os

try:
    names = os.listdir("/home")
except OSError:
    print("blocked")
else:
    print(f"LEAK: /home is listable: {sorted(names)[:20]}")
