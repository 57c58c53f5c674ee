# expect: ok
# stdout: sockets [] pipes-to-read []\n
# about: a run holds no socket at all (no channel on which a second run, or anything else, could reach it from the server) and no pipe it could read another run's output from; its descriptors are its stdio and its out-of-memory marker
import os
import socket
import stat

sockets, readable_pipes = [], []
for name in os.listdir("/proc/self/fd"):
    fd = int(name)
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        continue  # the listing's own descriptor, closed by now
    if stat.S_ISSOCK(mode):
        peer = socket.socket(fileno=os.dup(fd))
        try:
            received = peer.recv(1 << 16, socket.MSG_DONTWAIT)
        except OSError as e:
            received = type(e).__name__
        sockets.append((fd, received))
    elif stat.S_ISFIFO(mode) and fd not in (1, 2):
        try:
            os.set_blocking(fd, False)
            readable_pipes.append((fd, os.read(fd, 1 << 16)))
        except OSError:
            pass  # a write end: reading it fails, as it should
print("sockets", sockets, "pipes-to-read", readable_pipes)
