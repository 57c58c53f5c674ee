# Runs a candidate's test suite (a `tests` problem's answer) in the box, with pytest, against
# one module under test: the problem's implementation or one of its planted bugs. Loaded by
# harness.py for the mode `suite`; trusted code, like the harness.
#
# The module's source comes in the request, never as a file of /box: the harness writes it,
# disguised with a fresh random nonce, to a folder of the run's scratch /tmp and puts that
# folder first on sys.path, so the suite imports it by name. The disguise (a random header,
# which moves every line, and a dead store of a random number at the top of every function,
# which changes every code object) makes each run's module differ in text and bytecode from
# the last: a suite that fingerprints the code it was shown instead of testing its behaviour
# fails on the correct implementation the next time. Coverage is measured on that file (in a run
# of its own) and reported in the original's line numbers.
#
# pytest runs in this process (it is preloaded in the warm fork server) with plugin autoload
# off, no cache, no conftest, and a plugin of ours that records each test's outcome; a unittest
# TestCase (django.test's too) is collected by pytest as it is in any project.
import ast
import os
import secrets
import sys

MAX_FAILURES = 20
MESSAGE_LIMIT = 2000


def disguise(source, filename):
    """The module's text with a random header, and its code with a dead store of a random
    number at the top of every function body (after the docstring), positioned on the first
    real statement's line so that tracing and coverage see the original lines."""
    nonce = secrets.randbelow(1 << 62)
    shift = 1 + secrets.randbelow(8)
    text = "# %x\n" % nonce + "\n" * (shift - 1) + source
    tree = ast.parse(text, filename)
    name = "_v%x" % secrets.randbelow(1 << 32)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            has_docstring = (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                             and isinstance(first.value.value, str))
            at = 1 if has_docstring and len(node.body) > 1 else 0
            anchor = node.body[at]
            store = ast.Assign(targets=[ast.Name(id=name, ctx=ast.Store())],
                               value=ast.Constant(value=secrets.randbelow(1 << 62)))
            node.body.insert(at, ast.fix_missing_locations(ast.copy_location(store, anchor)))
            for child in ast.walk(store):
                ast.copy_location(child, anchor)
    return text, compile(tree, filename, "exec"), shift


class ModuleLoader:
    """Finds the module under test by its name and runs the disguised code object for it."""

    def __init__(self, name, path, code):
        self.name, self.path, self.code = name, path, code

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name:
            return None
        import importlib.util
        return importlib.util.spec_from_file_location(fullname, self.path, loader=self)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        exec(self.code, module.__dict__)


class Recorder:
    """A pytest plugin: what was collected, and each test's outcome over its phases."""

    def __init__(self):
        self.collected = 0
        self.collection_errors = []
        self.outcomes = {}
        self.messages = {}

    def pytest_collectreport(self, report):
        if report.failed:
            self.collection_errors.append(clip(report.longreprtext))

    def pytest_collection_finish(self, session):
        self.collected = len(session.items)

    def pytest_runtest_logreport(self, report):
        name = report.nodeid.split("::", 1)[-1]
        previous = self.outcomes.get(name, "passed")
        if report.failed:
            self.outcomes[name] = "failed"
            if name not in self.messages:
                self.messages[name] = clip(report.longreprtext)
        elif report.skipped and previous != "failed":
            self.outcomes[name] = "skipped"
        elif report.when == "call" and previous != "failed" and previous != "skipped":
            self.outcomes[name] = "passed"


def clip(text):
    text = str(text)
    return text if len(text) <= MESSAGE_LIMIT else text[:MESSAGE_LIMIT] + "\n[... cut]"


def run(request, suite_path, started):
    """Runs the suite at `suite_path` against the request's module; returns the outcome."""
    name, source = request["module"], request["source"]
    folder = "/tmp/.verdict-module-%s" % secrets.token_hex(8)
    os.mkdir(folder, 0o700)
    path = os.path.join(folder, name + ".py")
    text, code, shift = disguise(source, path)
    with open(path, "w") as module_file:
        module_file.write(text)
    sys.path.insert(0, folder)
    sys.meta_path.insert(0, ModuleLoader(name, path, code))
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    import pytest

    # Every graded run is the same from inside (every test run, the same options, no tracer),
    # whatever module it tests: a suite that could tell the implementation's run from a bug's
    # could pass the one and fail the others without testing anything. Coverage doubles pytest's
    # cost, so it is measured in a run of its own, made for its figures only (nothing in it is
    # graded).
    coverage = None
    if request.get("coverage"):
        import coverage as coverage_module
        coverage = coverage_module.Coverage(data_file=None, branch=True, include=[path], config_file=False)
    recorder = Recorder()
    # Plugins a suite cannot use here (cache, junit, pastebin, setup plans, doctest
    # modules) or that collect garbage twice per session to report unraisable exceptions: off.
    off = ["cacheprovider", "faulthandler", "stepwise", "junitxml", "pastebin", "setuponly",
           "setupplan", "doctest", "unraisableexception", "threadexception"]
    args = [suite_path, "-q", "--tb=short", "--no-header", "--noconftest", "--rootdir=/box",
            "-W", "ignore::pytest.PytestCollectionWarning"]
    for plugin in off:
        args += ["-p", "no:" + plugin]
    started()
    if coverage is not None:
        coverage.start()
    try:
        exit_code = int(pytest.main(args, plugins=[recorder]))
    finally:
        if coverage is not None:
            coverage.stop()
    # Reports name the module's file by its per-run folder: shown as /box/<module>.py, the same
    # in every run.
    def shown(text):
        return text.replace(path, "/box/%s.py" % name)

    failed = [{"name": test, "message": shown(recorder.messages.get(test, ""))}
              for test, outcome in recorder.outcomes.items() if outcome == "failed"]
    outcome = {
        "status": "suite_ran",
        "exit_code": exit_code,
        "collected": recorder.collected,
        "passed": sum(1 for o in recorder.outcomes.values() if o == "passed"),
        "skipped": sum(1 for o in recorder.outcomes.values() if o == "skipped"),
        "failed": failed[:MAX_FAILURES],
        "failed_count": len(failed),
        "collection_error": shown(recorder.collection_errors[0]) if recorder.collection_errors else None,
        "coverage": measured(coverage, path, shift) if coverage is not None else None,
    }
    return outcome


def measured(coverage, path, shift):
    """Line and branch coverage of the module under test, missing lines in its own numbering."""
    try:
        analysis = coverage._analyze(path)
    except Exception as exc:  # coverage.py found nothing to measure, or the file was changed
        return {"error": "%s: %s" % (type(exc).__name__, exc)}
    numbers = analysis.numbers
    return {
        "lines": numbers.n_statements,
        "lines_covered": numbers.n_executed,
        "branches": numbers.n_branches,
        "branches_covered": numbers.n_branches - numbers.n_missing_branches,
        "missing_lines": sorted(line - shift for line in analysis.missing),
    }
