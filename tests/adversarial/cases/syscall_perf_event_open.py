# expect: security_violation
# syscall: perf_event_open
# about: raw perf_event_open counting CPU cycles of itself
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

attr = (ctypes.c_uint8 * 128)()  # struct perf_event_attr, zeroed
ctypes.c_uint32.from_buffer(attr, 0).value = 0  # type = PERF_TYPE_HARDWARE
ctypes.c_uint32.from_buffer(attr, 4).value = 128  # size
ctypes.c_uint64.from_buffer(attr, 8).value = 0  # config = PERF_COUNT_HW_CPU_CYCLES
ret = libc.syscall(L(298), ctypes.byref(attr), L(0), L(-1), L(-1), L(0))  # 298 = perf_event_open
print(f"LEAK: perf_event_open returned {ret}, errno {ctypes.get_errno()}")
