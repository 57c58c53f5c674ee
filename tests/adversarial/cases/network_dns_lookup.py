# expect: security_violation
# syscall: socket
# about: resolves example.com with socket.getaddrinfo (glibc opens an nscd unix socket or a DNS UDP socket first)
import socket

infos = socket.getaddrinfo("example.com", 80)
print(f"LEAK: resolved example.com to {sorted({i[4][0] for i in infos})}")
