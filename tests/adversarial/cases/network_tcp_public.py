# expect: security_violation
# syscall: socket
# about: opens a TCP connection to an outside address (192.0.2.1:80, TEST-NET-1, so a broken sandbox still reaches no real host)
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # denied here
s.settimeout(1)
s.connect(("192.0.2.1", 80))
print("LEAK: connected to an outside address")
