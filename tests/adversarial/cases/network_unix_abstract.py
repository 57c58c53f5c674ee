# expect: security_violation
# syscall: socket
# stdin: listeners
# about: connects to the host's abstract unix socket (leading NUL name) and sends a line
import sys

tcp_port, udp_port, unix_path, abstract_name = sys.stdin.readline().split()

import socket

s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)  # denied here
s.settimeout(2)
s.connect("\0" + abstract_name)
s.sendall(b"LEAK from the verdict sandbox (abstract unix)\n")
print("LEAK: connected to the host abstract unix socket")
