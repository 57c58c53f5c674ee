# expect: security_violation
# syscall: setuid
# about: os.setuid(0) (the setuid/setgid family is not on the allow-list)
import os

os.setuid(0)
print("LEAK: setuid(0) succeeded")
