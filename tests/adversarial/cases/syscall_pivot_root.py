# expect: security_violation
# syscall: pivot_root
# about: raw pivot_root("/box", "/box/old") to swap the sandbox root
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

ret = libc.syscall(L(155), ctypes.c_char_p(b"/box"), ctypes.c_char_p(b"/box/old"))  # 155 = pivot_root
print(f"LEAK: pivot_root returned {ret}, errno {ctypes.get_errno()}")
