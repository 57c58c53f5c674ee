# expect: memory_limit
# about: allocates one 1 GiB bytearray (MemoryError under the 256 MiB address-space limit, uncaught)
data = bytearray(1 << 30)
print(f"LEAK: allocated {len(data)} bytes")
