# expect: ok
# stdout: survived\n
# about: signals every process it can name (kill(-1) and pids 1 to 4096) with SIGKILL but itself: neither siblings nor the fork server may be reachable
import os
import signal

me = os.getpid()
try:
    os.kill(-1, signal.SIGKILL)
except OSError:
    pass
for pid in range(1, 4097):
    if pid == me:
        continue
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
print("survived")
