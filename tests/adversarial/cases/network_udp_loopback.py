# expect: security_violation
# syscall: socket
# stdin: listeners
# about: sends a UDP datagram to the host's UDP socket on 127.0.0.1
import sys

tcp_port, udp_port, unix_path, abstract_name = sys.stdin.readline().split()

import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # denied here
s.sendto(b"LEAK from the verdict sandbox (udp)\n", ("127.0.0.1", int(udp_port)))
print("LEAK: sent a datagram to the host UDP socket")
