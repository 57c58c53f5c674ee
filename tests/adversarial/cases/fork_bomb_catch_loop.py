# expect: time_limit
# fork-expect: security_violation
# fork-syscall: clone
# time-limit: 1
# about: fork bomb that swallows fork failures and keeps every process spinning in the fork loop
import os

while True:
    try:
        os.fork()
    except OSError:
        pass
