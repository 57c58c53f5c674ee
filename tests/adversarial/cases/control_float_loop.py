# expect: ok
# stdout: 1.64493306684777\n
# about: benign control: a million-iteration float loop (sum of 1/i**2), printed with repr
total = 0.0
for i in range(1, 1_000_000):
    total += 1 / i**2
print(repr(total))
