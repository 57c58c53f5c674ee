# The fork server's Python side (trusted: no candidate code has run when this does).
#
# `warm()` runs once, before the first fork: it imports what tests use and (in a fork server
# for runs that use them) sets up one set of the sandbox's packages ("packages" or "data", see
# verdict_runtime), then freezes the garbage collector's view of it all so that children do
# not touch (and so copy) those pages. `run_main()` runs in each child, after every per-run
# layer is in place: it does what `python3 -I -S -B SCRIPT ARGS...` would do from there on.
import builtins
import gc
import os
import sys

# Modules the harness, the runners and typical solutions import; the probe's list and more.
WARM_MODULES = [
    "json", "math", "traceback", "linecache", "tokenize", "marshal", "random", "re", "string",
    "collections", "collections.abc", "itertools", "functools", "operator", "heapq", "bisect",
    "typing", "dataclasses", "enum", "abc", "copy", "decimal", "fractions", "statistics", "datetime",
    "time", "calendar", "io", "contextlib", "textwrap", "unicodedata", "struct", "array", "hashlib",
    "base64", "binascii", "zlib", "sqlite3", "csv", "uuid", "queue", "threading", "weakref",
    "pprint", "numbers", "cmath", "types", "inspect", "zoneinfo", "unittest", "doctest",
    "tempfile", "shutil", "importlib.util", "signal", "resource", "errno", "stat", "glob",
    "fnmatch", "pathlib", "secrets", "difflib", "graphlib", "asyncio", "concurrent.futures",
]


# Trusted runner scripts compiled once: box path -> (source, code object).
COMPILED = {}


def warm(runtime, scripts):
    for path, source in scripts:
        COMPILED[path] = (source.encode(), compile(source, path, "exec"))
    for name in WARM_MODULES:
        try:
            __import__(name)
        except ImportError:
            pass
    if runtime is not None:
        import verdict_runtime

        verdict_runtime.warm(runtime)
    # Compile the regular expressions and warm the caches the harness's first call would.
    import json
    import traceback

    json.loads(json.dumps({"warm": [1, 2.5, None, "x"]}))
    traceback.format_exception(ValueError, ValueError("warm"), None)
    sys.stdout.flush()
    sys.stderr.flush()
    gc.collect()
    gc.freeze()


def _exit_code(exc):
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    try:
        print(code, file=sys.stderr)
    except Exception:
        pass
    return 1


def run_main(argv, scratch):
    """Runs argv[0] as __main__ with sys.argv = argv; returns the exit status."""
    os.environ["HOME"] = scratch
    os.environ["TMPDIR"] = scratch
    tempfile = sys.modules.get("tempfile")
    if tempfile is not None:
        tempfile.tempdir = None
    sys.argv = list(argv)
    path = argv[0]
    status = 0
    try:
        with open(path, "rb") as source_file:
            source = source_file.read()
        cached = COMPILED.get(path)
        code = cached[1] if cached is not None and cached[0] == source else compile(source, path, "exec")
        module = type(sys)("__main__")
        module.__file__ = path
        module.__builtins__ = builtins
        sys.modules["__main__"] = module
        exec(code, module.__dict__)
    except SystemExit as exc:
        status = _exit_code(exc)
    except BaseException as exc:
        # As at Python's top level, the traceback starts in the script, not in this runner.
        tb = exc.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
            tb = tb.tb_next
        exc.__traceback__ = tb
        try:
            sys.excepthook(type(exc), exc, tb)
        except BaseException:
            pass
        status = 1
    try:
        threading = sys.modules.get("threading")
        if threading is not None:
            threading._shutdown()
    except BaseException:
        pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            status = status or 120
    return status
