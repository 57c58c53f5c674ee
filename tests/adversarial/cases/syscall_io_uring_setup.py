# expect: security_violation
# syscall: io_uring_setup
# about: raw io_uring_setup with 8 entries (io_uring bypasses per-syscall filtering)
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

params = (ctypes.c_uint8 * 120)()  # struct io_uring_params, zeroed
ret = libc.syscall(L(425), L(8), ctypes.byref(params))  # 425 = io_uring_setup
print(f"LEAK: io_uring_setup returned {ret}, errno {ctypes.get_errno()}")
