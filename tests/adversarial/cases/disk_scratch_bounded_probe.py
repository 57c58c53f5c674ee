# expect: ok
# stdout: blocked\n
# about: writes 4 MiB files (each under the file-size limit) until the scratch tmpfs is full; prints blocked if it stopped with ENOSPC within 16 MiB
import errno
import os

chunk = b"F" * 65536
total = 0
n = 0
err = None
try:
    while total < (64 << 20):
        fd = os.open(f"part_{n}.bin", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            for _ in range(64):  # 64 * 64 KiB = 4 MiB per file
                total += os.write(fd, chunk)
        finally:
            os.close(fd)
        n += 1
except OSError as e:
    err = e.errno

if err in (errno.ENOSPC, errno.EDQUOT) and total <= (16 << 20):
    print("blocked")
else:
    name = errno.errorcode.get(err, err) if err is not None else None
    print(f"LEAK: wrote {total} bytes in {n + 1} files, stopped by {name}")
