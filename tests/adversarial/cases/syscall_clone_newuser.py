# expect: security_violation
# syscall: clone
# about: raw clone(CLONE_NEWUSER|SIGCHLD) via syscall(56) to fork into a new user namespace
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

import os

CLONE_NEWUSER = 0x10000000
SIGCHLD = 17
ret = libc.syscall(L(56), L(CLONE_NEWUSER | SIGCHLD), L(0), L(0), L(0), L(0))  # 56 = clone
if ret == 0:
    os._exit(0)  # the child of a clone that should never have happened
err = ctypes.get_errno()
if ret > 0:
    os.waitpid(ret, 0)
print(f"LEAK: clone(CLONE_NEWUSER) returned {ret}, errno {err}")
