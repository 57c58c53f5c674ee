# The in-box runner for the Jobe API (crates/jobe): does what a Jobe server does for one
# python3 run, inside the box. The run's files (the source and the client's files) arrive
# read-only in /box; a Jobe program expects them in its working directory, which it may write
# (CodeRunner's templates write the answer to a file and run pylint on it), so they are copied
# into the working directory (the run's scratch /tmp) first. Then the source is compiled, as
# Jobe's `python3 -m py_compile`: a syntax error goes to stderr after the marker line, which the
# server reads as a compile error (outcome 11). Otherwise the source runs as __main__ with
# argv [source name, runargs...], as `python3 -BE prog.py ARGS` would run it.
#
# argv: /box/verdict_jobe_run.py MARKER TOOLS SOURCE [RUNARGS...], TOOLS being a folder of
# extra packages for child processes (pylint) or "-". The program may overwrite or read any of
# this (the marker is in /proc/self/cmdline); that only changes how its own run is labelled.
import os
import shutil
import sys
import traceback

_RUNNER = os.path.basename(__file__)
_marker, _tools, _source = sys.argv[1], sys.argv[2], sys.argv[3]

# Packages the program (and the processes it starts) may import: the sandbox's own and the
# tools. -I ignores PYTHONPATH in this interpreter; a child started without -I reads it.
_paths = [p for p in (os.environ.get("VERDICT_PYTHON_PACKAGES"), None if _tools == "-" else _tools) if p]
for _path in _paths:
    if _path not in sys.path:
        sys.path.append(_path)
if _paths:
    os.environ["PYTHONPATH"] = os.pathsep.join(_paths)

# The box has the interpreter under its real name only, and it was started as "python3", which
# is nowhere on PATH: without this, sys.executable is empty and `python3` is not found. A
# hidden folder of links in the working directory (the only writable place) puts `python3`
# and `python` on PATH for the processes the program starts; the links lead to the one
# interpreter the box may execute.
try:
    sys.executable = os.readlink("/proc/self/exe")
    _bin = os.path.abspath(".verdict-bin")
    os.mkdir(_bin)
    for _alias in ("python3", "python"):
        os.symlink(sys.executable, os.path.join(_bin, _alias))
    os.environ["PATH"] = _bin + os.pathsep + os.environ.get("PATH", "")
except OSError:
    pass

for _name in os.listdir("/box"):
    if _name != _RUNNER:
        shutil.copyfile(os.path.join("/box", _name), _name)


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
        exc.__traceback__ = tb
    sys.__excepthook__(exc_type, exc, tb)


def _main():
    with open(_source, "rb") as source_file:
        source = source_file.read()
    try:
        code = compile(source, _source, "exec")
    except (SyntaxError, ValueError) as error:
        # py_compile's own wording: the exception as traceback prints it, without a stack.
        message = "".join(traceback.format_exception_only(type(error), error))
        sys.stderr.write(_marker + "\n" + message)
        sys.stderr.flush()
        os._exit(1)
    sys.excepthook = _report
    sys.argv = [_source] + sys.argv[4:]
    module = type(sys)("__main__")
    module.__file__ = _source
    module.__builtins__ = __builtins__
    sys.modules["__main__"] = module
    exec(code, module.__dict__)


_main()
