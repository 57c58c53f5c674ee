# expect: ok
# stdout: clean\n
# about: looks for what fork_tamper_runtime_modules left in memory; a fresh process per run means nothing is there
import builtins
import json
import sys

left = [
    name
    for name, found in [
        ("json.dumps", json.dumps({"a": 1}) != '{"a": 1}'),
        ("json.verdict_tampered", hasattr(json, "verdict_tampered")),
        ("builtins.verdict_tampered", hasattr(builtins, "verdict_tampered")),
        ("sys.modules", "verdict_runtime_tampered" in sys.modules),
    ]
    if found
]
print("clean" if not left else f"LEAK: {left}")
