# expect: ok
# stdout: allocated MiB: 100 touched pages: 25600\nfreed\n
# about: benign control: allocates and touches 100 MiB (well inside the 256 MiB address-space limit), then frees it
size = 100 << 20
data = bytearray(size)
for off in range(0, size, 4096):
    data[off] = 1
print("allocated MiB:", len(data) >> 20, "touched pages:", sum(data[::4096]))
del data
print("freed")
