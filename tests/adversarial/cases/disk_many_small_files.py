# expect: runtime_error
# about: creates 4 KiB files in the scratch dir until the 16 MiB tmpfs is full (ENOSPC), uncaught
import os

block = b"s" * 4096
n = 0
# Capped at 100000 files (~400 MiB) so that a sandbox without limits prints LEAK.
while n < 100000:
    fd = os.open(f"small_{n:06d}.dat", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, block)
    finally:
        os.close(fd)
    n += 1
print(f"LEAK: created {n} files")
