# expect: security_violation
# syscall: reboot
# about: raw reboot with wrong magic numbers (does nothing even if allowed)
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

LINUX_REBOOT_MAGIC1 = 0xFEE1DEAD
BOGUS_MAGIC2 = 0x12345678  # not one of the accepted magic2 values: EINVAL even for root
LINUX_REBOOT_CMD_CAD_OFF = 0
ret = libc.syscall(L(169), L(LINUX_REBOOT_MAGIC1), L(BOGUS_MAGIC2), L(LINUX_REBOOT_CMD_CAD_OFF), L(0))  # 169 = reboot
print(f"LEAK: reboot returned {ret}, errno {ctypes.get_errno()}")
