# expect: security_violation
# syscall: kexec_load
# about: raw kexec_load with no segments and an invalid arch flag (does nothing even if allowed)
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

KEXEC_ARCH_BOGUS = 0xFFFF0000
ret = libc.syscall(L(246), L(0), L(0), L(0), L(KEXEC_ARCH_BOGUS))  # 246 = kexec_load
print(f"LEAK: kexec_load returned {ret}, errno {ctypes.get_errno()}")
