# expect: security_violation
# syscall: mount
# about: raw mount of a writable tmpfs over /box (ENOENT and harmless outside the sandbox)
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

ret = libc.syscall(L(165), ctypes.c_char_p(b"none"), ctypes.c_char_p(b"/box"), ctypes.c_char_p(b"tmpfs"), L(0), L(0))  # 165 = mount
print(f"LEAK: mount returned {ret}, errno {ctypes.get_errno()}")
