# expect: security_violation
# syscall: finit_module
# about: raw finit_module on an opened file (the interpreter binary)
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

import os

try:
    fd = os.open("/usr/bin/python3.11", os.O_RDONLY)
except OSError:
    fd = -1
ret = libc.syscall(L(313), L(fd), ctypes.c_char_p(b""), L(0))  # 313 = finit_module
print(f"LEAK: finit_module returned {ret}, errno {ctypes.get_errno()}")
