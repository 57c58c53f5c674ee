# expect: ok
# stdout: child said: hello from child\nchild exit code: 7\n
# fork-expect: security_violation
# fork-syscall: clone
# about: benign control: forks one child that sends a line over a pipe and exits 7; the parent reads it and reaps the child
import os

r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r)
    os.write(w, b"hello from child")
    os.close(w)
    os._exit(7)
os.close(w)
message = b""
while True:
    part = os.read(r, 1024)
    if not part:
        break
    message += part
os.close(r)
_, status = os.waitpid(pid, 0)
print("child said:", message.decode())
print("child exit code:", os.waitstatus_to_exitcode(status))
