# expect: runtime_error
# about: appends 64 KiB chunks to one file in the scratch dir until the write fails (EFBIG at the 8 MiB file-size limit, or ENOSPC), uncaught
chunk = b"A" * 65536
written = 0
with open("fill.bin", "wb") as f:
    # Capped at 256 MiB so that a sandbox without limits prints LEAK instead of filling a real disk.
    while written < (256 << 20):
        f.write(chunk)
        f.flush()
        written += len(chunk)
print(f"LEAK: wrote {written} bytes to one file")
