# expect: security_violation
# syscall: userfaultfd
# about: raw userfaultfd(O_CLOEXEC|O_NONBLOCK) (a classic kernel-race exploitation aid)
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

O_CLOEXEC = 0o2000000
O_NONBLOCK = 0o4000
ret = libc.syscall(L(323), L(O_CLOEXEC | O_NONBLOCK))  # 323 = userfaultfd
print(f"LEAK: userfaultfd returned {ret}, errno {ctypes.get_errno()}")
