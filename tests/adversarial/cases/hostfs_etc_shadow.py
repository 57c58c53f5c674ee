# expect: ok
# stdout: blocked\n
# about: tries to read /etc/shadow (must not exist in the sandbox's own /etc)
try:
    with open("/etc/shadow", "rb") as f:
        data = f.read()
except OSError:
    print("blocked")
else:
    print(f"LEAK: read {len(data)} bytes of /etc/shadow")
