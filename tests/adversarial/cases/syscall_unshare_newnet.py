# expect: security_violation
# syscall: unshare
# about: raw unshare(CLONE_NEWNET) to get a fresh network namespace
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

CLONE_NEWNET = 0x40000000
ret = libc.syscall(L(272), L(CLONE_NEWNET))  # 272 = unshare
print(f"LEAK: unshare(CLONE_NEWNET) returned {ret}, errno {ctypes.get_errno()}")
