# expect: security_violation
# syscall: unshare
# about: raw unshare(CLONE_NEWUSER) to become root in a fresh user namespace
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

CLONE_NEWUSER = 0x10000000
ret = libc.syscall(L(272), L(CLONE_NEWUSER))  # 272 = unshare
print(f"LEAK: unshare(CLONE_NEWUSER) returned {ret}, errno {ctypes.get_errno()}")
