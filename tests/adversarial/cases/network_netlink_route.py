# expect: security_violation
# syscall: socket
# about: opens an AF_NETLINK/NETLINK_ROUTE socket (used to list or reconfigure network interfaces)
import socket

s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
print("LEAK: opened a netlink route socket")
