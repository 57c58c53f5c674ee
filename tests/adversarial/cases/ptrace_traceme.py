# expect: security_violation
# syscall: ptrace
# about: raw ptrace(PTRACE_TRACEME) via ctypes
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

PTRACE_TRACEME = 0
ret = libc.syscall(L(101), L(PTRACE_TRACEME), L(0), L(0), L(0))  # 101 = ptrace
print(f"LEAK: ptrace(PTRACE_TRACEME) returned {ret}, errno {ctypes.get_errno()}")
