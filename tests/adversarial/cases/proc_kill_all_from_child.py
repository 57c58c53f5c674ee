# expect: ok
# stdout: survived\n
# fork-expect: security_violation
# fork-syscall: clone
# about: a forked child sends SIGKILL to -1 (every process it can signal); nothing outside the sandbox may die and pid 1 survives
import os
import signal
import sys

# Safety guard: kill(-1) is only sane inside a private pid namespace.
if os.getpid() != 1:
    print("LEAK: not pid 1 of a private pid namespace; refusing to call kill(-1)")
    sys.exit(0)

pid = os.fork()
if pid == 0:
    try:
        os.kill(-1, signal.SIGKILL)
    except OSError:
        pass
    os._exit(0)
os.waitpid(pid, 0)
print("survived")
