# expect: ok
# stdout: parent exiting\n
# fork-expect: security_violation
# fork-syscall: clone
# about: a child in its own session ignores SIGTERM/SIGHUP/SIGINT/SIGQUIT and loops forever; the parent exits 0 and the child must not outlive the run
import os
import signal
import time

r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r)
    os.setsid()
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGQUIT, signal.SIGUSR1, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_IGN)
    os.write(w, b"up")
    os.close(w)
    while True:
        time.sleep(0.1)

os.close(w)
os.read(r, 2)  # the child has its signal dispositions in place
print("parent exiting")
