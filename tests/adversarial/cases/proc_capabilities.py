# expect: ok
# stdout: blocked\n
# about: reads /proc/self/status: permitted, effective and ambient capabilities must be empty and seccomp must be in filter mode (2)
fields = {}
with open("/proc/self/status") as f:
    for line in f:
        key, _, value = line.partition(":")
        fields[key] = value.strip()

problems = []
for key in ("CapPrm", "CapEff", "CapAmb"):
    if int(fields.get(key, "0"), 16) != 0:
        problems.append(f"{key}={fields[key]}")
if fields.get("Seccomp") != "2":
    problems.append(f"Seccomp={fields.get('Seccomp')}")
print("blocked" if not problems else "LEAK: " + ", ".join(problems))
