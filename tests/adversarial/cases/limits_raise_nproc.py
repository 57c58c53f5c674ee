# expect: ok
# stdout: blocked\n
# fork-expect: security_violation
# fork-syscall: clone
# about: tries to lift RLIMIT_NPROC to infinity, then forks parked children until fork fails; prints blocked if the 16-task budget still holds (at most 15 children)
import os
import resource

try:
    resource.setrlimit(resource.RLIMIT_NPROC, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    raised = True
except (ValueError, OSError):
    raised = False

r, w = os.pipe()
children = []
while len(children) < 40:
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        os.close(w)
        os.read(r, 1)  # parked until the parent closes the write end
        os._exit(0)
    children.append(pid)
os.close(w)
for pid in children:
    os.waitpid(pid, 0)

if len(children) < 16:
    print("blocked")
else:
    print(f"LEAK: forked {len(children)} children (setrlimit raise {'succeeded' if raised else 'failed'})")
