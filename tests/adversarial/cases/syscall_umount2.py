# expect: security_violation
# syscall: umount2
# about: raw umount2("/box", MNT_DETACH) to peel the read-only program mount away
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

MNT_DETACH = 2
ret = libc.syscall(L(166), ctypes.c_char_p(b"/box"), L(MNT_DETACH))  # 166 = umount2
print(f"LEAK: umount2 returned {ret}, errno {ctypes.get_errno()}")
