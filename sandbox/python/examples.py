# Parses the example blocks of a statement for `verdict check`. Reads {"blocks": [text, ...]}
# on stdin and prints, for each block, the calls it shows and their results as JSON-ready data:
#   {"calls": [{"target": name or null, "func": name, "args": [...], "kwargs": {...},
#               "result": value, "has_result": bool, "raises": name or null}], "error": null}
# Arguments and results must be Python literals.
#
# With {"mode": "doctest", "blocks": [...]} (a problem tested by scenarios), each block is run
# as a doctest against the reference, /box/solution.py, loaded afresh for each block as the
# module `solution` with its public names in the doctest's globals. For each block it prints
#   {"failures": [{"line": n, "source": text, "expected": text, "got": text}],
#    "observations": [{"line": n, "value": encoded} | {"line": n, "raised": {"type", "mro", "message"}}
#                     | {"line": n, "unencodable": text}, ...],
#    "error": text or null}
# `line` counts from 1 in the block (the `>>> ` line of the example). An observation is made by each `>>>` that shows a value
# (the interpreter's echo of an expression that is not None) or that raises, encoded as the
# scenario API (/box/scenario.py, the module `verdict`) encodes a scenario's observations.
import ast
import builtins
import doctest
import io
import json
import sys
import traceback
import types

# The builtin classes by identity, taken before the reference runs (as the harness does).
BUILTIN_NAMES = {id(v): v.__name__ for v in vars(builtins).values() if isinstance(v, type)}


def literal(node_or_text):
    value = ast.literal_eval(node_or_text)
    return to_json(value)


def to_json(value):
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((to_json(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    return value


BUILTIN_DUNDERS = {
    "len": "__len__", "str": "__str__", "repr": "__repr__", "bool": "__bool__", "list": "__iter__",
    "abs": "__abs__", "hash": "__hash__",
}


def parse_block(text):
    calls = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith(">>> "):
            raise ValueError("line %d of the block: expected a `>>> ` line, got %r" % (i + 1, line))
        statement = ast.parse(line[4:]).body[0]
        target = None
        if isinstance(statement, ast.Assign):
            target = statement.targets[0].id
            call = statement.value
        elif isinstance(statement, ast.Expr):
            call = statement.value
        else:
            raise ValueError("line %d of the block: not a call" % (i + 1))
        shows_repr = isinstance(call, ast.Name)
        if shows_repr:
            # `>>> s` shows the object's repr, unquoted.
            call = ast.Call(func=ast.Name(id="repr"), args=[call], keywords=[])
        if not isinstance(call, ast.Call):
            raise ValueError("line %d of the block: not a call" % (i + 1))
        func = call.func.attr if isinstance(call.func, ast.Attribute) else call.func.id
        args = call.args
        if func in BUILTIN_DUNDERS and len(args) == 1 and isinstance(args[0], ast.Name):
            # `>>> len(s)` is the call ["__len__", []] on the instance.
            func, args = BUILTIN_DUNDERS[func], []
        entry = {
            "target": target,
            "func": func,
            "args": [literal(a) for a in args],
            "kwargs": {k.arg: literal(k.value) for k in call.keywords},
            "has_result": False,
            "result": None,
            "raises": None,
        }
        i += 1
        result_lines = []
        while i < len(lines) and not lines[i].startswith(">>> "):
            result_lines.append(lines[i])
            i += 1
        if result_lines:
            if result_lines[0].startswith("Traceback"):
                entry["raises"] = result_lines[-1].split(":")[0].strip()
            else:
                entry["has_result"] = True
                text = "\n".join(result_lines)
                entry["result"] = text if shows_repr else literal(text)
        calls.append(entry)
    return calls


def load_module(name, path):
    module = types.ModuleType(name)
    module.__file__ = path
    with open(path, "rb") as source:
        code = compile(source.read(), path, "exec")
    sys.modules[name] = module
    saved = sys.stdout
    # What the module prints when it loads is not the reply.
    sys.stdout = io.StringIO()
    try:
        exec(code, module.__dict__)
    finally:
        sys.stdout = saved
    return module


def public_names(module):
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in vars(module) if not n.startswith("_")]
    return {n: getattr(module, n) for n in names}


def run_doctest(text, api):
    """Runs one block against a fresh reference: its failures and its observations."""
    examples = doctest.DocTestParser().get_examples(text, "example")
    solution = load_module("solution", "/box/solution.py")
    globs = dict(public_names(solution), solution=solution, __name__="__main__", __builtins__=builtins)
    checker = doctest.OutputChecker()
    failures = []
    observations = []
    shown = []

    def displayhook(value):
        # Encoded as it is shown: a mutable value shown inside a `with` block may change before
        # the example ends, and the scenario observed it at that moment too.
        if value is not None:
            try:
                shown.append({"value": api.encode(value, BUILTIN_NAMES)})
            except (api.Unencodable, RecursionError) as exc:
                shown.append({"unencodable": str(exc)})
        sys.__displayhook__(value)

    for example in examples:
        line = example.lineno + 1
        flags = 0
        for flag, on in example.options.items():
            flags = flags | flag if on else flags & ~flag
        out = io.StringIO()
        saved = sys.stdout, sys.displayhook
        sys.stdout, sys.displayhook = out, displayhook
        del shown[:]
        raised = None
        try:
            exec(compile(example.source, "<example>", "single"), globs)
        except Exception as exc:  # noqa: BLE001 - the example's exception is what it shows
            raised = exc
        finally:
            sys.stdout, sys.displayhook = saved
        got = out.getvalue()
        if raised is not None:
            observations.append({"line": line, "raised": api.describe(raised, BUILTIN_NAMES)})
            # As doctest compares it: the last line of the exception as Python prints it.
            shown_exc = traceback.format_exception_only(type(raised), raised)[-1]
            if example.exc_msg is None:
                passed = False
                got += "Traceback (most recent call last):\n  ...\n" + shown_exc
            else:
                passed = checker.check_output(example.exc_msg, shown_exc, flags)
                got = "Traceback (most recent call last):\n  ...\n" + shown_exc
        else:
            for encoded in shown:
                observations.append(dict(encoded, line=line))
            passed = example.exc_msg is None and checker.check_output(example.want, got, flags)
        if not passed:
            failures.append({"line": line, "source": example.source.rstrip("\n"),
                             "expected": example.want, "got": got})
    return {"failures": failures, "observations": observations, "error": None}


def main_doctest(spec):
    api = load_module("verdict", "/box/scenario.py")
    out = []
    for text in spec["blocks"]:
        try:
            out.append(run_doctest(text, api))
        except Exception as exc:  # noqa: BLE001 - the reference failed to load: say so per block
            out.append({"failures": [], "observations": [], "error": "%s: %s" % (type(exc).__name__, exc)})
    print(json.dumps(out, allow_nan=False))


def main():
    spec = json.loads(sys.stdin.read())
    if spec.get("mode") == "doctest":
        return main_doctest(spec)
    out = []
    for text in spec["blocks"]:
        try:
            out.append({"calls": parse_block(text), "error": None})
        except (ValueError, SyntaxError, AttributeError, IndexError) as exc:
            out.append({"calls": [], "error": str(exc)})
    print(json.dumps(out))


main()
