# The in-box judge harness. It runs the candidate's code for ONE test and reports what the
# code did as one JSON line on the stdout it had at start; the candidate's own output goes to
# a scratch file and is reported alongside. It never sees an expected answer: the comparison
# happens outside the box.
#
# argv: harness.py MODE
#   compile   check /box/solution.py for syntax errors; on success return its code object,
#             marshalled, so that each test loads it instead of compiling it again
#             (stdin may name the file to compile as: {"filename": "/box/main.py"})
#   function  stdin is {"entry": name, "args": [...], "kwargs": {...}} or {"entry": name, "calls": [...]}
#   generate  stdin is {"seed": n, "count": n}; runs generate(rng, count) from /box/generator.py
#   check     stdin is {"input": ..., "expected": ..., "actual": ...}; runs check() from /box/checker.py
import json
import marshal
import math
import os
import sys
import traceback

# The sandbox's own packages (Django, SQLAlchemy), bound read-only; -I ignores PYTHONPATH.
if os.environ.get("VERDICT_PYTHON_PACKAGES") and os.environ["VERDICT_PYTHON_PACKAGES"] not in sys.path:
    sys.path.append(os.environ["VERDICT_PYTHON_PACKAGES"])


def load_runtime():
    # The warm fork server has verdict_runtime loaded already; the exec path finds it in /box.
    if "verdict_runtime" not in sys.modules and os.path.exists("/box/verdict_runtime.py"):
        import importlib.util

        spec = importlib.util.spec_from_file_location("verdict_runtime", "/box/verdict_runtime.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["verdict_runtime"] = module
        spec.loader.exec_module(module)


load_runtime()

SOLUTION = "/box/solution.py"
CAPTURE = "/tmp/.verdict-stdout"
CAPTURE_LIMIT = 64 * 1024


class NotJson(Exception):
    pass


def to_json(value, path="value"):
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NotJson("%s is %r, which JSON cannot hold" % (path, value))
        return value
    if isinstance(value, (list, tuple)):
        return [to_json(v, "%s[%d]" % (path, i)) for i, v in enumerate(value)]
    if isinstance(value, (set, frozenset)):
        items = [to_json(v, path + " item") for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, dict):
        out = {}
        for key, v in value.items():
            if not isinstance(key, str):
                raise NotJson("%s has a key %r that is not a string" % (path, key))
            out[key] = to_json(v, "%s[%r]" % (path, key))
        return out
    raise NotJson("%s is a %s, which is not a JSON value" % (path, type(value).__name__))


def describe_exception(exc):
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return {
        "exception": type(exc).__name__,
        "out_of_memory": isinstance(exc, MemoryError) or (isinstance(exc, OSError) and exc.errno == 12),
        "mro": [cls.__name__ for cls in type(exc).__mro__],
        "message": str(exc)[:2000],
        "traceback": "".join(traceback.format_exception(type(exc), exc, tb))[-4000:],
    }


def load(path, name):
    # The judge compiles a submission once and ships the code object beside the source.
    compiled = path[:-3] + ".code"
    if os.path.exists(compiled):
        with open(compiled, "rb") as code_file:
            code = marshal.loads(code_file.read())
    else:
        with open(path, "rb") as source_file:
            code = compile(source_file.read(), path, "exec")
    namespace = {"__name__": name, "__file__": path, "__builtins__": __builtins__}
    exec(code, namespace)
    return namespace


DUNDER_BUILTINS = {
    "__len__": len,
    "__str__": str,
    "__repr__": repr,
    "__bool__": bool,
    "__iter__": lambda obj: list(iter(obj)),
    "__reversed__": lambda obj: list(reversed(obj)),
    "__abs__": abs,
    "__hash__": hash,
}


def call_method(obj, name, args):
    if name in DUNDER_BUILTINS and not args:
        return DUNDER_BUILTINS[name](obj)
    return getattr(obj, name)(*args)


def run_function(spec):
    namespace = load(SOLUTION, "solution")
    entry = spec["entry"]
    if entry not in namespace:
        return {"status": "missing_entry", "message": "solution.py does not define `%s`" % entry}
    target = namespace[entry]
    if "calls" in spec:
        results = []
        instance = None
        for index, (name, args) in enumerate(spec["calls"]):
            try:
                if index == 0:
                    instance = target(*args)
                    value = None
                else:
                    value = call_method(instance, name, args)
                results.append({"value": to_json(value, "call %d (%s)" % (index + 1, name))})
            except NotJson as exc:
                return {"status": "not_json", "message": str(exc)}
            except Exception as exc:
                if index == 0:
                    return dict(status="raised", **describe_exception(exc))
                results.append(describe_exception(exc))
        return {"status": "returned", "results": results}
    try:
        value = target(*spec.get("args", []), **spec.get("kwargs", {}))
    except Exception as exc:
        return dict(status="raised", **describe_exception(exc))
    try:
        return {"status": "returned", "value": to_json(value)}
    except NotJson as exc:
        return {"status": "not_json", "message": str(exc)}


def run_compile(spec):
    with open(SOLUTION, "rb") as source_file:
        source = source_file.read()
    try:
        code = compile(source, spec.get("filename", SOLUTION), "exec")
    except SyntaxError as exc:
        return {"status": "syntax_error", "message": exc.msg, "line": exc.lineno, "column": exc.offset,
                "text": (exc.text or "").rstrip("\n")}
    except ValueError as exc:
        return {"status": "syntax_error", "message": str(exc), "line": None, "column": None, "text": ""}
    return {"status": "ok", "code": marshal.dumps(code).decode("latin-1")}


def run_generate(spec):
    import random
    namespace = load("/box/generator.py", "generator")
    tests = namespace["generate"](random.Random(spec["seed"]), spec["count"])
    return {"status": "returned", "value": to_json(tests)}


def run_check(spec):
    namespace = load("/box/checker.py", "checker")
    verdict = namespace["check"](spec["input"], spec["expected"], spec["actual"])
    message = ""
    if isinstance(verdict, tuple):
        verdict, message = verdict
    return {"status": "returned", "value": {"accepted": bool(verdict), "message": str(message)}}


def main():
    mode = sys.argv[1]
    spec = json.loads(sys.stdin.read() or "{}")
    result_stream = os.fdopen(os.dup(1), "w")
    capture = os.open(CAPTURE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(capture, 1)
    os.close(capture)
    sys.stdout = open(1, "w", closefd=False)
    try:
        if mode == "compile":
            result = run_compile(spec)
        elif mode == "function":
            result = run_function(spec)
        elif mode == "generate":
            result = run_generate(spec)
        elif mode == "check":
            result = run_check(spec)
        else:
            result = {"status": "harness_error", "message": "unknown mode %r" % mode}
    except NotJson as exc:
        result = {"status": "not_json", "message": str(exc)}
    except MemoryError:
        # Too little memory left to describe it: tell the jail, as the script runner does.
        try:
            os.write(3, b"M")
        finally:
            os._exit(1)
    except BaseException as exc:
        result = dict(status="raised", **describe_exception(exc))
    sys.stdout.flush()
    with open(CAPTURE, "rb") as captured:
        result["stdout"] = captured.read(CAPTURE_LIMIT).decode("utf-8", "replace")
    result_stream.write(json.dumps(result) + "\n")
    result_stream.flush()


main()
