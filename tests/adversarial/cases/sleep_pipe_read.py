# expect: time_limit
# about: blocks forever reading its own pipe (write end kept open, nobody writes)
import os

r, w = os.pipe()
data = os.read(r, 1)
print(f"LEAK: read returned {data!r}")
