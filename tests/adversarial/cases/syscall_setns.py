# expect: security_violation
# syscall: setns
# about: raw setns on /proc/self/ns/user (fd -1 if it cannot be opened) to re-enter a namespace
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

import os

CLONE_NEWUSER = 0x10000000
try:
    fd = os.open("/proc/self/ns/user", os.O_RDONLY)
except OSError:
    fd = -1
ret = libc.syscall(L(308), L(fd), L(CLONE_NEWUSER))  # 308 = setns
print(f"LEAK: setns returned {ret}, errno {ctypes.get_errno()}")
