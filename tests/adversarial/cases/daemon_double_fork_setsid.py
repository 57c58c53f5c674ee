# expect: ok
# stdout: parent exiting\n
# fork-expect: security_violation
# fork-syscall: clone
# about: classic daemonize (fork, setsid, fork) leaving a grandchild that sleeps 30 s holding stdout; the parent exits 0 at once and nothing may outlive the run
import os
import time

r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.setsid()
    if os.fork() == 0:
        os.close(r)
        os.write(w, b"up")  # tell the original parent the daemon is running
        os.close(w)
        time.sleep(30)
        os._exit(0)
    os._exit(0)

os.close(w)
os.waitpid(pid, 0)  # reap the intermediate child
os.read(r, 2)  # wait until the grandchild is alive
print("parent exiting")
