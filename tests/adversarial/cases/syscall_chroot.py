# expect: security_violation
# syscall: chroot
# about: raw chroot("/tmp") (first step of the classic chroot escape)
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

ret = libc.syscall(L(161), ctypes.c_char_p(b"/tmp"))  # 161 = chroot
print(f"LEAK: chroot returned {ret}, errno {ctypes.get_errno()}")
