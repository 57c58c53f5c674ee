# Mutants of a reference solution, for `verdict check`'s test-strength check. Reads the source on
# stdin and prints a JSON list of {"line", "description", "source"}: one small change each
# (comparison flipped, constant off by one, arithmetic swapped, and/or swapped).
import ast
import copy
import json
import sys

COMPARE = {
    ast.Lt: [ast.LtE, ast.Gt], ast.LtE: [ast.Lt, ast.GtE], ast.Gt: [ast.GtE, ast.Lt], ast.GtE: [ast.Gt, ast.LtE],
    ast.Eq: [ast.NotEq], ast.NotEq: [ast.Eq], ast.In: [ast.NotIn], ast.NotIn: [ast.In], ast.Is: [ast.IsNot],
    ast.IsNot: [ast.Is],
}
ARITHMETIC = {
    ast.Add: [ast.Sub], ast.Sub: [ast.Add], ast.Mult: [ast.FloorDiv, ast.Add], ast.Div: [ast.Mult],
    ast.FloorDiv: [ast.Mult, ast.Div], ast.Mod: [ast.FloorDiv], ast.Pow: [ast.Mult],
}
SYMBOL = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=", ast.In: "in",
    ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.Add: "+", ast.Sub: "-", ast.Mult: "*",
    ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**", ast.And: "and", ast.Or: "or",
}
MAX_MUTANTS = 60


def candidates(tree):
    """(node index in ast.walk order, a function that mutates that node, description)."""
    found = []
    for index, node in enumerate(ast.walk(tree)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Compare):
            for position, op in enumerate(node.ops):
                for new in COMPARE.get(type(op), []):
                    found.append((index, line, ("compare", position, new),
                                  "`%s` -> `%s`" % (SYMBOL[type(op)], SYMBOL[new])))
        elif isinstance(node, (ast.BinOp, ast.AugAssign)):
            for new in ARITHMETIC.get(type(node.op), []):
                found.append((index, line, ("binop", new), "`%s` -> `%s`" % (SYMBOL[type(node.op)], SYMBOL[new])))
        elif isinstance(node, ast.BoolOp):
            new = ast.Or if isinstance(node.op, ast.And) else ast.And
            found.append((index, line, ("boolop", new), "`%s` -> `%s`" % (SYMBOL[type(node.op)], SYMBOL[new])))
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            for delta in (1, -1):
                found.append((index, line, ("const", node.value + delta),
                              "`%d` -> `%d`" % (node.value, node.value + delta)))
    return found


def apply(tree, index, change):
    mutated = copy.deepcopy(tree)
    node = list(ast.walk(mutated))[index]
    kind = change[0]
    if kind == "compare":
        node.ops[change[1]] = change[2]()
    elif kind in ("binop", "boolop"):
        node.op = change[1]()
    elif kind == "const":
        node.value = change[1]
    return ast.unparse(mutated)


def main():
    tree = ast.parse(sys.stdin.read())
    found = candidates(tree)
    if len(found) > MAX_MUTANTS:
        step = len(found) / MAX_MUTANTS
        found = [found[int(i * step)] for i in range(MAX_MUTANTS)]
    mutants = []
    for index, line, change, description in found:
        mutants.append({"line": line, "description": description, "source": apply(tree, index, change)})
    print(json.dumps(mutants))


main()
