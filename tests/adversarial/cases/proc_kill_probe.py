# expect: ok
# stdout: 0\n
# about: probes os.kill(pid, 0) for pids 2..5000 and prints how many exist (no other process may be reachable)
import os

found = []
for pid in range(2, 5001):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        continue
    except PermissionError:
        pass  # exists but not ours: still a leak of its existence
    found.append(pid)
print(len(found))
if found:
    print(f"LEAK: reachable pids {found[:20]}")
