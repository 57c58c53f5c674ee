# expect: time_limit
# about: sleeps 60 s without using CPU (must hit the wall-clock limit)
import time

time.sleep(60)
print("LEAK: slept 60 s")
