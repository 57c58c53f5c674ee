# expect: security_violation
# syscall: clone
# about: raw clone(CLONE_NEWNET|SIGCHLD) via syscall(56) to fork into a new network namespace
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

import os

CLONE_NEWNET = 0x40000000
SIGCHLD = 17
ret = libc.syscall(L(56), L(CLONE_NEWNET | SIGCHLD), L(0), L(0), L(0), L(0))  # 56 = clone
if ret == 0:
    os._exit(0)  # the child of a clone that should never have happened
err = ctypes.get_errno()
if ret > 0:
    os.waitpid(ret, 0)
print(f"LEAK: clone(CLONE_NEWNET) returned {ret}, errno {err}")
