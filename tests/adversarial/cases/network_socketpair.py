# expect: ok
# stdout: hello via socketpair\n
# about: socket.socketpair() (allowed) used to pass a message to itself
import socket

a, b = socket.socketpair()
a.sendall(b"hello via socketpair")
a.close()
received = b""
while True:
    part = b.recv(4096)
    if not part:
        break
    received += part
b.close()
print(received.decode())
