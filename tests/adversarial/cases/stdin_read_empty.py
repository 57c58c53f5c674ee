# expect: ok
# stdout: stdin: ''\n
# about: reads all of stdin, which must be empty (immediate EOF), and prints it as a marker
import sys

data = sys.stdin.read()
print("stdin:", repr(data))
