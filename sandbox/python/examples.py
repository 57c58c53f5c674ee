# Parses the example blocks of a statement for `verdict check`. Reads {"blocks": [text, ...]}
# on stdin and prints, for each block, the calls it shows and their results as JSON-ready data:
#   {"calls": [{"target": name or null, "func": name, "args": [...], "kwargs": {...},
#               "result": value, "has_result": bool, "raises": name or null}], "error": null}
# Arguments and results must be Python literals.
import ast
import json
import sys


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


def main():
    spec = json.loads(sys.stdin.read())
    out = []
    for text in spec["blocks"]:
        try:
            out.append({"calls": parse_block(text), "error": None})
        except (ValueError, SyntaxError, AttributeError, IndexError) as exc:
            out.append({"calls": [], "error": str(exc)})
    print(json.dumps(out))


main()
