# expect: memory_limit
# about: appends distinct 1 MiB strings to a list until MemoryError (uncaught)
chunks = []
i = 0
# Capped at 2 GiB so that a sandbox without a memory limit prints LEAK instead of eating the host.
while i < 2048:
    chunks.append(("%08d" % i) * (1 << 17))  # 8 chars * 131072 = 1 MiB, content differs per chunk
    i += 1
print(f"LEAK: holding {i} MiB of strings")
