# expect: ok
# stdout: blocked\n
# about: tries to raise RLIMIT_NOFILE (errors ignored), then opens /dev/null until it fails; prints blocked if it stopped with EMFILE within 64 descriptors
import errno
import os
import resource

try:
    resource.setrlimit(resource.RLIMIT_NOFILE, (65536, 65536))
except (ValueError, OSError):
    pass

fds = []
err = None
try:
    while len(fds) < 10000:
        fds.append(os.open("/dev/null", os.O_RDONLY))
except OSError as e:
    err = e.errno
for fd in fds:
    os.close(fd)

if err == errno.EMFILE and len(fds) < 64:
    print("blocked")
else:
    print(f"LEAK: opened {len(fds)} descriptors, stopped by {errno.errorcode.get(err, err)}")
