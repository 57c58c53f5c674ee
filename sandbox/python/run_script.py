# The in-box runner for `verdict run`: runs the candidate's file as __main__ and, when a
# MemoryError (or ENOMEM) ends the program, tells the jail through fd 3 so the run is reported
# as memory_limit rather than a plain runtime error. Tracebacks hide this file's frames.
# The program can overwrite any of this; that only changes how its own failure is labelled.
import marshal
import os
import sys

# The sandbox's own packages (Django, SQLAlchemy), bound read-only; -I ignores PYTHONPATH.
if os.environ.get("VERDICT_PYTHON_PACKAGES") and os.environ["VERDICT_PYTHON_PACKAGES"] not in sys.path:
    sys.path.append(os.environ["VERDICT_PYTHON_PACKAGES"])

# The warm fork server has verdict_runtime loaded already; the exec path finds it in /box.
if "verdict_runtime" not in sys.modules and os.path.exists("/box/verdict_runtime.py"):
    import importlib.util

    _spec = importlib.util.spec_from_file_location("verdict_runtime", "/box/verdict_runtime.py")
    _runtime = importlib.util.module_from_spec(_spec)
    sys.modules["verdict_runtime"] = _runtime
    _spec.loader.exec_module(_runtime)


def _out_of_memory(exc):
    return isinstance(exc, MemoryError) or (isinstance(exc, OSError) and exc.errno == 12)


def _report(exc_type, exc, tb):
    if _out_of_memory(exc):
        try:
            os.write(3, b"M")
        except OSError:
            pass
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    if exc is not None:
        # The default hook prints the exception's own traceback, not the argument.
        exc.__traceback__ = tb
    sys.__excepthook__(exc_type, exc, tb)


def _main():
    sys.excepthook = _report
    path = sys.argv[1]
    # The judge compiles a submission once and ships the code object beside the source.
    compiled = path[:-3] + ".code"
    if os.path.exists(compiled):
        with open(compiled, "rb") as code_file:
            code = marshal.loads(code_file.read())
    else:
        with open(path, "rb") as source_file:
            code = compile(source_file.read(), path, "exec")
    sys.argv = sys.argv[1:]
    module = type(sys)("__main__")
    module.__file__ = path
    module.__builtins__ = __builtins__
    sys.modules["__main__"] = module
    exec(code, module.__dict__)


_main()
