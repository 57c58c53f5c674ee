# expect: ok
# stdout: 0\n
# about: prints os.getppid() (the parent lives outside the pid namespace, so it reads as 0)
import os

print(os.getppid())
