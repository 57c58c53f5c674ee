# expect: ok
# stdout: 1\n
# about: prints os.getpid() (the program is pid 1 of its own pid namespace)
import os

print(os.getpid())
