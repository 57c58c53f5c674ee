# expect: security_violation
# syscall: socket
# stdin: listeners
# about: connects to the host's unix socket at a filesystem path and sends a line
import sys

tcp_port, udp_port, unix_path, abstract_name = sys.stdin.readline().split()

import socket

s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)  # denied here
s.settimeout(2)
s.connect(unix_path)
s.sendall(b"LEAK from the verdict sandbox (unix path)\n")
print("LEAK: connected to the host unix socket")
