# expect: ok
# stdout: 0 1 []\n
# about: the run is pid 1 of its own pid namespace with no parent in view: getppid() is 0 and /proc shows no other process to signal, trace or read
import os

others = sorted(int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != os.getpid())
print(os.getppid(), os.getpid(), others)
