# expect: security_violation
# syscall: add_key
# about: raw add_key of a user key into the process keyring
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

KEY_SPEC_PROCESS_KEYRING = -2
payload = b"x"
ret = libc.syscall(L(248), ctypes.c_char_p(b"user"), ctypes.c_char_p(b"verdict_probe"), ctypes.c_char_p(payload), L(len(payload)), L(KEY_SPEC_PROCESS_KEYRING))  # 248 = add_key
print(f"LEAK: add_key returned {ret}, errno {ctypes.get_errno()}")
