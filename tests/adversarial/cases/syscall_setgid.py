# expect: security_violation
# syscall: setgid
# about: os.setgid(0) (the setuid/setgid family is not on the allow-list)
import os

os.setgid(0)
print("LEAK: setgid(0) succeeded")
