# expect: runtime_error
# about: calls input() on the empty stdin; the EOFError is uncaught
line = input()
print(f"LEAK: input() returned {line!r}")
