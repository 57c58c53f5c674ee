# expect: output_limit
# about: writes lines to stderr forever (stderr limit is 64 KiB)
import sys

line = "e" * 99 + "\n"
while True:
    sys.stderr.write(line)
