# expect: security_violation
# syscall: ptrace
# fork-expect: security_violation
# fork-syscall: clone
# about: a forked child calls ptrace(PTRACE_ATTACH) on its parent, pid 1 of the sandbox
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long

PTRACE_ATTACH = 16
PTRACE_DETACH = 17
__WALL = 0x40000000

pid = os.fork()
if pid == 0:
    target = os.getppid()  # pid 1 inside the sandbox; never a real init outside it
    ret = libc.syscall(L(101), L(PTRACE_ATTACH), L(target), L(0), L(0))  # 101 = ptrace
    err = ctypes.get_errno()
    if ret == 0:
        # Undo it properly so the parent can report the leak.
        os.waitpid(target, __WALL)
        libc.syscall(L(101), L(PTRACE_DETACH), L(target), L(0), L(0))  # 101 = ptrace
    os.write(1, f"LEAK: ptrace(PTRACE_ATTACH, {target}) returned {ret}, errno {err}\n".encode())
    os._exit(0)
os.waitpid(pid, 0)
