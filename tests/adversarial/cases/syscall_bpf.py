# expect: security_violation
# syscall: bpf
# about: raw bpf(BPF_MAP_CREATE) with a small array map
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

attr = (ctypes.c_uint32 * 32)()
attr[0] = 2  # map_type = BPF_MAP_TYPE_ARRAY
attr[1] = 4  # key_size
attr[2] = 4  # value_size
attr[3] = 1  # max_entries
BPF_MAP_CREATE = 0
ret = libc.syscall(L(321), L(BPF_MAP_CREATE), ctypes.byref(attr), L(ctypes.sizeof(attr)))  # 321 = bpf
print(f"LEAK: bpf returned {ret}, errno {ctypes.get_errno()}")
