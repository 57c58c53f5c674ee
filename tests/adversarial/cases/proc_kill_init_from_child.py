# expect: ok
# stdout: survived\n
# fork-expect: security_violation
# fork-syscall: clone
# about: a forked child sends SIGKILL and SIGTERM to pid 1 (its namespace init, which ignores signals it has no handler for); the parent survives
import os
import signal
import sys

# Safety guard: never aim at a real init.
if os.getpid() != 1:
    print("LEAK: not pid 1 of a private pid namespace; refusing to signal pid 1")
    sys.exit(0)

pid = os.fork()
if pid == 0:
    for sig in (signal.SIGKILL, signal.SIGTERM):
        try:
            os.kill(1, sig)
        except OSError:
            pass
    os._exit(0)
os.waitpid(pid, 0)
print("survived")
