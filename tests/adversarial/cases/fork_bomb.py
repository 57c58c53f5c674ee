# expect: runtime_error
# fork-expect: security_violation
# fork-syscall: clone
# about: classic fork bomb: every process forks in a loop; the first failed fork (EAGAIN at the process limit) is uncaught
import os

# Nobody reaps, so exited children stay zombies and keep their slot: once the
# 16-task budget is used up, pid 1 (this program) gets BlockingIOError and
# exits with status 1. The rest of the pid namespace dies with it.
while True:
    os.fork()
