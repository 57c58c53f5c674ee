# expect: ok
# stdout: hello, world\n
# about: benign control: prints hello, world
print("hello, world")
