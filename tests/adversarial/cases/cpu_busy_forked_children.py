# expect: time_limit
# fork-expect: security_violation
# fork-syscall: clone
# time-limit: 1
# about: forks four busy-looping children, waits for them, then busy-loops itself (CPU spread over several processes)
import os

children = []
for _ in range(4):
    pid = os.fork()
    if pid == 0:
        while True:
            pass
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
# Should a per-process CPU limit have killed the children, keep going here:
# the run as a whole must still end in time_limit, never in ok.
while True:
    pass
