# Mutants of a reference solution, for `verdict check`'s test-strength check. Reads
# {"source": ..., "entry": name or null, "module": bool} on stdin and prints a JSON list of
# {"line", "col", "operator", "description", "source"}: one small change each.
#
# Only code reachable from the entry point is mutated: the entry's body, the module-level
# functions, classes and constants it names (transitively), every method of a class it names;
# for a program (no entry) the module's top-level statements and what they name. A helper the
# entry never uses cannot be caught by any test, so its mutants would only lower the score.
# With "module" (a problem tested by scenarios only, which may use any name of the module),
# every top-level function and class is an entry, and so are the constants they name.
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
    ast.BitOr: [ast.BitAnd], ast.BitAnd: [ast.BitOr],
}
SYMBOL = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=", ast.In: "in",
    ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.Add: "+", ast.Sub: "-", ast.Mult: "*",
    ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**", ast.And: "and", ast.Or: "or",
    ast.BitOr: "|", ast.BitAnd: "&",
}
# Free functions whose one argument can stand in for the call (`sorted(xs)` -> `xs`).
SWAPPED_NAMES = {"min": "max", "max": "min", "any": "all", "all": "any"}
# Method names swapped for their opposite (Django, SQLAlchemy and plain Python).
SWAPPED_METHODS = {
    "filter": "exclude", "exclude": "filter", "asc": "desc", "desc": "asc", "is_": "is_not", "is_not": "is_",
    "in_": "not_in", "not_in": "in_", "outerjoin": "join", "startswith": "endswith", "endswith": "startswith",
    "lstrip": "rstrip", "rstrip": "lstrip", "appendleft": "append",
    "popleft": "pop",
}
# Query methods that return a query like their receiver: dropping one leaves a valid query
# that does less (no filter, no ordering, no eager loading: the query budget must catch that).
CHAINED = {
    "filter", "exclude", "order_by", "select_related", "prefetch_related", "distinct", "where", "filter_by",
    "options", "having", "limit", "offset", "only", "defer", "annotate", "all",
}
# Calls whose positional arguments are independent conditions or options: one can be dropped.
MANY_ARGS = {"filter", "exclude", "get", "where", "filter_by", "options", "order_by", "having", "select_related",
             "prefetch_related", "and_", "or_", "values", "values_list"}
LOOKUPS = {
    "__gt": "__gte", "__gte": "__gt", "__lt": "__lte", "__lte": "__lt", "__iexact": "__exact", "__exact": "__iexact",
    "__icontains": "__contains", "__contains": "__icontains", "__istartswith": "__startswith",
    "__startswith": "__istartswith", "__iendswith": "__endswith", "__endswith": "__iendswith",
}


def defined_names(stmt):
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [stmt.name]
    if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        return [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
    return []


def reachable_statements(tree, entry, module=False):
    """The top-level statements whose code can run when the entry point is used."""
    by_name = {}
    for stmt in tree.body:
        for name in defined_names(stmt):
            by_name.setdefault(name, []).append(stmt)
    if module:
        todo = [s for s in tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    elif entry is None:
        todo = [s for s in tree.body if not defined_names(s) and not isinstance(s, (ast.Import, ast.ImportFrom))]
        todo += [s for s in tree.body if isinstance(s, (ast.Assign, ast.AugAssign, ast.AnnAssign))]
    else:
        todo = list(by_name.get(entry, []))
    reached = []
    while todo:
        stmt = todo.pop()
        if any(stmt is s for s in reached):
            continue
        reached.append(stmt)
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name):
                todo.extend(by_name.get(node.id, []))
    return reached


def skipped_nodes(tree):
    """Docstrings, annotations and exception messages: changing them changes no behaviour a test sees."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skipped.add(id(body[0].value))
        parts = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            parts.append(node.returns)
        elif isinstance(node, ast.arg):
            parts.append(node.annotation)
        elif isinstance(node, ast.AnnAssign):
            parts.append(node.annotation)
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            parts.extend(node.exc.args)
        for part in parts:
            if part is not None:
                skipped.update(id(n) for n in ast.walk(part) if isinstance(n, ast.Constant))
    return skipped


def set_op(position, new):
    def change(node):
        node.ops[position] = new()
        return node
    return change


def set_attr(name, value):
    def change(node):
        setattr(node, name, value() if isinstance(value, type) else value)
        return node
    return change


def field(name):
    return lambda node: getattr(node, name)


def negate(node):
    return ast.UnaryOp(op=ast.Not(), operand=node)


def rename_method(new):
    def change(node):
        node.func.attr = new
        return node
    return change


def rename_function(new):
    def change(node):
        node.func.id = new
        return node
    return change


def drop_arg(position):
    def change(node):
        del node.args[position]
        return node
    return change


def order_flip(position, new):
    def change(node):
        node.args[position] = ast.Constant(value=new)
        return node
    return change


def drop_keyword(position):
    def change(node):
        del node.keywords[position]
        return node
    return change


def rename_keyword(position, new):
    def change(node):
        node.keywords[position].arg = new
        return node
    return change


def show(node):
    text = ast.unparse(node).replace("\n", " ")
    return text if len(text) <= 40 else text[:37] + "..."


def node_candidates(node, skipped, statements):
    """(operator, description, change) for one node; change(copy) returns the replacement."""
    found = []
    if isinstance(node, ast.Compare):
        for position, op in enumerate(node.ops):
            for new in COMPARE.get(type(op), []):
                found.append(("compare", "`%s` -> `%s`" % (SYMBOL[type(op)], SYMBOL[new]), set_op(position, new)))
    elif isinstance(node, (ast.BinOp, ast.AugAssign)):
        for new in ARITHMETIC.get(type(node.op), []):
            found.append(("arithmetic", "`%s` -> `%s`" % (SYMBOL[type(node.op)], SYMBOL[new]), set_attr("op", new)))
    elif isinstance(node, ast.BoolOp):
        new = ast.Or if isinstance(node.op, ast.And) else ast.And
        found.append(("boolean-operator", "`%s` -> `%s`" % (SYMBOL[type(node.op)], SYMBOL[new]),
                      set_attr("op", new)))
    elif isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.Not):
            found.append(("not", "`not` removed", field("operand")))
        elif isinstance(node.op, ast.USub):
            found.append(("arithmetic", "unary `-` removed", field("operand")))
        elif isinstance(node.op, ast.Invert):
            found.append(("not", "`~` removed", field("operand")))
    elif isinstance(node, ast.Constant) and id(node) not in skipped:
        value = node.value
        if type(value) is bool:
            found.append(("boolean-constant", "`%s` -> `%s`" % (value, not value), set_attr("value", not value)))
        elif type(value) is int:
            for delta in (1, -1):
                found.append(("integer-constant", "`%d` -> `%d`" % (value, value + delta),
                              set_attr("value", value + delta)))
        elif type(value) is str:
            new = "" if value else "x"
            found.append(("string-constant", "`%r` -> `%r`" % (value[:20], new), set_attr("value", new)))
    elif isinstance(node, ast.Slice):
        for part in ("lower", "upper", "step"):
            if getattr(node, part) is not None:
                found.append(("slice", "slice %s `%s` removed" % (part, show(getattr(node, part))),
                              set_attr(part, None)))
    elif isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name):
            if len(node.args) == 1 and not node.keywords:
                # `zip(*rows)` -> `rows`: the unpacked value itself.
                found.append(("call", "`%s(...)` -> its argument" % func.id,
                              lambda n: n.args[0].value if isinstance(n.args[0], ast.Starred) else n.args[0]))
            if func.id in SWAPPED_NAMES:
                new = SWAPPED_NAMES[func.id]
                found.append(("call", "`%s` -> `%s`" % (func.id, new), rename_function(new)))
        elif isinstance(func, ast.Attribute):
            if func.attr in SWAPPED_METHODS:
                new = SWAPPED_METHODS[func.attr]
                found.append(("call", "`.%s` -> `.%s`" % (func.attr, new), rename_method(new)))
            # As a statement (`xs.sort()`), the call's removal below covers it.
            if ((not node.args and not node.keywords) or func.attr in CHAINED) and id(node) not in statements:
                found.append(("call", "`.%s(...)` removed" % func.attr, lambda n: n.func.value))
            if func.attr == "order_by":
                # Django's ordering by a field name: ascending against descending.
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and type(arg.value) is str and arg.value.strip("-"):
                        flipped = arg.value[1:] if arg.value.startswith("-") else "-" + arg.value
                        found.append(("order", "`%r` -> `%r`" % (arg.value, flipped),
                                      order_flip(node.args.index(arg), flipped)))
            if func.attr in MANY_ARGS and len(node.args) + len(node.keywords) >= 2:
                for position, arg in enumerate(node.args):
                    found.append(("argument", "argument `%s` of `.%s` dropped" % (show(arg), func.attr),
                                  drop_arg(position)))
        for position, keyword in enumerate(node.keywords):
            if keyword.arg is None:
                continue
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "call")
            if len(node.args) + len(node.keywords) >= 2 or isinstance(func, ast.Attribute):
                found.append(("argument", "argument `%s=` of `%s` dropped" % (keyword.arg, name),
                              drop_keyword(position)))
            for old, new in LOOKUPS.items():
                if keyword.arg.endswith(old):
                    renamed = keyword.arg[: -len(old)] + new
                    found.append(("lookup", "`%s` -> `%s`" % (keyword.arg, renamed), rename_keyword(position, renamed)))
                    break
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        found.append(("call", "statement `%s` removed" % show(node.value), lambda n: ast.Pass()))
    if isinstance(node, (ast.If, ast.While, ast.IfExp)):
        found.append(("condition", "condition `%s` negated" % show(node.test),
                      lambda n: set_attr("test", negate(n.test))(n)))
    return found


class Replace(ast.NodeTransformer):
    def __init__(self, target, change):
        self.target = target
        self.change = change

    def visit(self, node):
        if node is self.target:
            return self.change(node)
        return self.generic_visit(node)


def main():
    request = json.load(sys.stdin)
    tree = ast.parse(request["source"])
    reachable = set()
    for stmt in reachable_statements(tree, request.get("entry"), bool(request.get("module"))):
        reachable.update(id(n) for n in ast.walk(stmt))
    skipped = skipped_nodes(tree)
    statements = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
    for node in ast.walk(tree):
        # Comprehension conditions are negated like an `if`'s.
        if isinstance(node, ast.comprehension):
            node.ifs = list(node.ifs)
    mutants = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) not in reachable:
            continue
        candidates = node_candidates(node, skipped, statements)
        if isinstance(node, ast.comprehension):
            for position, test in enumerate(node.ifs):
                def change(n, position=position):
                    n.ifs[position] = negate(n.ifs[position])
                    return n
                candidates.append(("condition", "condition `%s` negated" % show(test), change))
            line, col = node.target.lineno, node.target.col_offset
        else:
            line, col = getattr(node, "lineno", 0), getattr(node, "col_offset", 0)
        for operator, description, change in candidates:
            mutated = copy.deepcopy(tree)
            target = list(ast.walk(mutated))[index]
            mutated = ast.fix_missing_locations(Replace(target, change).visit(mutated))
            try:
                source = ast.unparse(mutated)
            except Exception:  # noqa: BLE001 - a change the unparser cannot print is no mutant
                continue
            mutants.append({"line": line, "col": col + 1, "operator": operator, "description": description,
                            "source": source})
    print(json.dumps(mutants))


main()
