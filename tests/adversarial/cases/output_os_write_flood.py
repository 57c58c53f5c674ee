# expect: output_limit
# about: floods fd 1 with raw os.write calls of 64 KiB, bypassing Python's buffering
import os

buf = b"y" * 65536
while True:
    os.write(1, buf)
