# expect: ok
# stdout: parent exiting\n
# fork-expect: security_violation
# fork-syscall: clone
# about: a plain forked child (same session) sleeps 30 s with stdout/stderr still open; the parent exits 0 without waiting
import os
import time

r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r)
    os.write(w, b"up")
    os.close(w)
    time.sleep(30)
    os._exit(0)

os.close(w)
os.read(r, 2)
print("parent exiting")
