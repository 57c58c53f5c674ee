# expect: runtime_error
# about: writes a single 9 MiB file, past the 8 MiB RLIMIT_FSIZE (OSError EFBIG since Python ignores SIGXFSZ), uncaught
with open("big.bin", "wb") as f:
    f.write(b"B" * (9 << 20))
print("LEAK: wrote a 9 MiB file")
