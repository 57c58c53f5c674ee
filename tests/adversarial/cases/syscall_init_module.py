# expect: security_violation
# syscall: init_module
# about: raw init_module with an empty image
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

image = ctypes.create_string_buffer(64)
ret = libc.syscall(L(175), image, L(64), ctypes.c_char_p(b""))  # 175 = init_module
print(f"LEAK: init_module returned {ret}, errno {ctypes.get_errno()}")
