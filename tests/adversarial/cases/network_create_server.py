# expect: security_violation
# syscall: socket
# about: opens a listening TCP server on 127.0.0.1 with socket.create_server
import socket

srv = socket.create_server(("127.0.0.1", 0))
print(f"LEAK: listening on port {srv.getsockname()[1]}")
