# expect: ok
# stdout: blocked\n
# about: scans /proc/self/mountinfo for host paths (/work, /root, /home) leaking through bind-mount sources or mount points
SUSPECT = ("/work", "/root", "/home")


def is_host_path(field):
    return any(field == p or field.startswith(p + "/") for p in SUSPECT)


try:
    with open("/proc/self/mountinfo") as f:
        lines = f.read().splitlines()
except OSError as e:
    print(f"setup: mountinfo unreadable ({e.strerror})")
    raise SystemExit(0)

bad = [line for line in lines if any(is_host_path(field) for field in line.split())]
print("blocked" if not bad else "LEAK: " + " | ".join(bad[:5]))
