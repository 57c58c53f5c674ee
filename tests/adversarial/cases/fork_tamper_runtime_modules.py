# expect: ok
# stdout: tampered\n
# about: rewrites modules the warm fork server preloaded (json, builtins, the zygote's own module if present) in memory; later runs must not see it (checked by tests/forkserver.rs as well)
import builtins
import json
import sys

json.dumps = lambda *a, **k: "TAMPERED"
json.verdict_tampered = True
builtins.verdict_tampered = True
zygote = sys.modules.get("verdict_zygote")
if zygote is not None:
    zygote.run_main = lambda *a, **k: 0
sys.modules["verdict_runtime_tampered"] = json
print("tampered")
