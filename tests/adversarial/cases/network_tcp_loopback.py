# expect: security_violation
# syscall: socket
# stdin: listeners
# about: opens a TCP connection to the host's listener on 127.0.0.1 and sends a line
import sys

tcp_port, udp_port, unix_path, abstract_name = sys.stdin.readline().split()

import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # denied here
s.settimeout(2)
s.connect(("127.0.0.1", int(tcp_port)))
s.sendall(b"LEAK from the verdict sandbox (tcp)\n")
print("LEAK: connected to the host TCP listener")
