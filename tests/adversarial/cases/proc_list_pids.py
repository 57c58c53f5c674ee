# expect: ok
# stdout: [1]\n
# about: lists the numeric entries of /proc (only the program itself, pid 1, may be visible)
import os

print(sorted(int(name) for name in os.listdir("/proc") if name.isdigit()))
