# expect: security_violation
# syscall: request_key
# about: raw request_key for a user key (no callout)
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

ret = libc.syscall(L(249), ctypes.c_char_p(b"user"), ctypes.c_char_p(b"verdict_probe"), L(0), L(0))  # 249 = request_key
print(f"LEAK: request_key returned {ret}, errno {ctypes.get_errno()}")
