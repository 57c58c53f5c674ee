# expect: memory_limit
# fork-expect: security_violation
# fork-syscall: clone
# about: F4: four children each touch 100 MiB (under the per-process address-space limit) and hold it; the run as a whole is bounded by its memory cgroup, so this must not end ok
import os
import time

children = []
for i in range(4):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        data = bytearray(100 << 20)
        for off in range(0, len(data), 4096):
            data[off] = 1
        os.write(w, b"1")
        time.sleep(30)
        os._exit(0)
    os.close(w)
    if os.read(r, 1) == b"1":
        children.append(pid)
    else:
        print("child", i, "was stopped")
if len(children) == 4:
    print("LEAK: four children hold 400 MiB")
for pid in children:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
