# expect: ok
# stdout: blocked\n
# about: raw clone3 (a plain fork-like request) must fail with ENOSYS rather than run or kill the program
import ctypes
import errno
import os

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

args = (ctypes.c_uint64 * 11)()  # struct clone_args (CLONE_ARGS_SIZE_VER2 = 88 bytes), zeroed
args[4] = 17  # exit_signal = SIGCHLD
ret = libc.syscall(L(435), ctypes.byref(args), L(ctypes.sizeof(args)))  # 435 = clone3
if ret == 0:
    os._exit(0)  # the child of a clone3 that should never have happened
err = ctypes.get_errno()
if ret > 0:
    os.waitpid(ret, 0)
if ret == -1 and err == errno.ENOSYS:
    print("blocked")
else:
    print(f"LEAK: clone3 returned {ret}, errno {errno.errorcode.get(err, err)}")
