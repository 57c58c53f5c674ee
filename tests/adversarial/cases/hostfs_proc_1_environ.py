# expect: ok
# stdout: blocked\n
# about: reads /proc/1/environ hoping for the host init's environment; inside the sandbox pid 1 is the program itself, so only the sandbox's own variables may appear
EXPECTED = {"HOME", "LANG", "PATH", "TMPDIR", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"}

try:
    with open("/proc/1/environ", "rb") as f:
        raw = f.read()
except OSError:
    print("blocked")
else:
    keys = {item.split(b"=", 1)[0].decode("utf-8", "replace") for item in raw.split(b"\0") if item}
    if keys <= EXPECTED:
        print("blocked")
    else:
        print(f"LEAK: /proc/1/environ has {sorted(keys - EXPECTED)[:20]}")
