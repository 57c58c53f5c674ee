# expect: output_limit
# about: prints lines to stdout forever
line = "flood " * 16
while True:
    print(line)
