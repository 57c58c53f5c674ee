# expect: security_violation
# syscall: process_vm_writev
# about: raw process_vm_writev writing into a buffer of its own address space (pid 1)
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long


class iovec(ctypes.Structure):
    _fields_ = [("iov_base", ctypes.c_void_p), ("iov_len", ctypes.c_size_t)]


src = ctypes.create_string_buffer(b"payload", 16)
dst = ctypes.create_string_buffer(16)
local = iovec(ctypes.addressof(src), 16)
remote = iovec(ctypes.addressof(dst), 16)
ret = libc.syscall(L(311), L(os.getpid()), ctypes.byref(local), L(1), ctypes.byref(remote), L(1), L(0))  # 311 = process_vm_writev
print(f"LEAK: process_vm_writev returned {ret}, errno {ctypes.get_errno()}")
