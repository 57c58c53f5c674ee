# expect: security_violation
# syscall: keyctl
# about: raw keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING) to reach the kernel keyring
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

KEYCTL_GET_KEYRING_ID = 0
KEY_SPEC_SESSION_KEYRING = -3
ret = libc.syscall(L(250), L(KEYCTL_GET_KEYRING_ID), L(KEY_SPEC_SESSION_KEYRING), L(0))  # 250 = keyctl
print(f"LEAK: keyctl returned {ret}, errno {ctypes.get_errno()}")
