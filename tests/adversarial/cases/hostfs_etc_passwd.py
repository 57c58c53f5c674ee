# expect: ok
# stdout: blocked\n
# about: reads /etc/passwd (the sandbox's own minimal file) and looks for password hashes, host system users or /home accounts
HOST_USERS = {
    "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news",
    "uucp", "proxy", "www-data", "backup", "list", "irc", "gnats", "nobody",
    "_apt", "systemd-network", "systemd-resolve", "systemd-timesync",
    "messagebus", "sshd", "syslog", "polkitd", "ubuntu", "debian", "admin",
}

try:
    with open("/etc/passwd") as f:
        lines = f.read().splitlines()
except OSError as e:
    print(f"setup: /etc/passwd unreadable ({e.strerror})")
    raise SystemExit(0)

leaks = []
for line in lines:
    fields = line.split(":")
    if len(fields) < 2:
        continue
    name, password = fields[0], fields[1]
    if password not in ("x", "*", "!", "!!", ""):
        leaks.append(f"password hash for {name}")
    if name in HOST_USERS:
        leaks.append(f"host user {name}")
    if len(fields) > 5 and fields[5].startswith("/home/"):
        leaks.append(f"/home account {name}")

print("blocked" if not leaks else "LEAK: " + ", ".join(leaks))
