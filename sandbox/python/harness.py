# The in-box judge harness. It runs the candidate's code for ONE test and reports what the
# code did as one JSON line on the stdout it had at start; the candidate's own output goes to
# a scratch file and is reported inside that line, so no print can be taken for the reply. It
# never sees an expected answer: the comparison happens outside the box.
#
# The protocol's other half, with its types, is crates/judge/src/harness.rs: keep them together.
#
# Just before the candidate's code first runs, the harness writes the line STARTED on that
# stream. The candidate's code can reach the stream on purpose (it shares this process), so from
# then on whatever the stream holds is the candidate's own result: the judge grades a missing,
# garbled or unexpected result after STARTED as the candidate's (RE), never as an internal error.
#
# Request, on stdin: one JSON object, {"mode": MODE, ...}:
#   compile      {"filename": path}: check /box/solution.py for syntax errors, compiled as
#                `filename`; on success its code object, marshalled and in base64 (up to
#                CODE_LIMIT), so that each test loads it instead of compiling it again
#   function     {"entry": name, "args": [...], "kwargs": {...}}: one call
#   calls        {"entry": name, "calls": [[name, [args]], ...]}: construct, then call methods
#                (in function and calls, an argument {"$literal": text} is the Python literal
#                `text`, evaluated with ast.literal_eval before the candidate's code loads)
#   literals     {"fields": [[field, text], ...]}: evaluate each text with ast.literal_eval, in
#                order; the first that is not a literal is bad_literal with its field and
#                Python's message; no candidate code runs
#   generate     {"seed": n, "count": n}: generate(rng, count) from /box/generator.py
#   check        {"input": ..., "expected": ..., "actual": ...}: check() from /box/checker.py,
#                which returns True/False, a score in [0, 1], or either with a message as a
#                pair; the reply is checked with the score (True is 1, False 0) and the message
#   sql_compile  {"schema": DDL, "modifies": bool}: check /box/solution.sql: one statement,
#                allowed by the problem, that compiles against the schema
#   sql          {"schema": DDL, "tables": fixture, "modifies": bool, "ordered": bool, "seed": n}:
#                run /box/solution.sql on a fresh database holding the fixture
#   scenario_list {}: the test_* functions of /box/scenarios.py (the author's), with their
#                line, sample flag, weight, group and source; no candidate code runs
#   scenario     {"scenario": name, "token": text}: load the scenarios, then the candidate's
#                module as `solution`, and run one scenario; each observation it makes is
#                written at once as its own line, {"token": text, "seq": n, "observation": {...}}
#                (see scenario.py), and the reply is scenario_done with the count and token
#   suite        {"module": name, "source": text, "orm": {"framework", "schema"} or null}: run
#                the candidate's test suite (/box/solution.py) with pytest against the module
#                (see suite.py); the reply is suite_ran with what was collected, passed and
#                failed, and the module's coverage
#   orm          {"framework": "django"|"sqlalchemy", "schema": name, "entry": name, "args": [...],
#                "kwargs": {...}, "tables": fixture, "tables_after": [...], "seed": n}: call the
#                entry point on the shared schema holding the fixture and report its value as
#                plain data with every SQL statement the ORM sent
#   pandas       {"entry": name, "frames": [table...], "dates": ["table.column"...],
#                "types": {"table.column": dtype}, "tables": fixture
#                or null, "args": [...], "kwargs": {...}}: build a DataFrame of each table named in
#                `frames`, call the entry point with them then the arguments ({"$array": ...} ones
#                as numpy arrays), and return the value encoded as /box/frames.py says
#   web          {"framework": "flask"|"fastapi"|"django", "app": name, "exchanges": [...],
#                "orm": {"framework", "schema"} or null, "tables": fixture or null, "seed": n}:
#                send each request to the app through the framework's test client (see
#                web.py); the reply is exchanged with one response per request
# A fixture is {table: {"columns": [...], "rows": [[...], ...]}}.
#
# Reply: {"outcome": {"status": STATUS, ...}, "stdout": text, "output_limit": bool,
#         "queries": {"statements": [...], "count": n, "tampered": text or null} (orm only)}
# STATUS: compiled, syntax_error, returned, bad_literal, sequence, raised, checked, not_json, missing_entry,
# refused, sql_error, fixture_error, harness_error, scenario_done, suite_ran, exchanged.
import builtins
import json
import marshal
import math
import os
import sys
import traceback
import types

# The line that says the candidate's code is about to run (see above).
STARTED = b'{"status": "started"}\n'

def sealed_dumps():
    """A JSON writer bound now, before any candidate code runs. `json.dumps` looks up
    `json._default_encoder` and `JSONEncoder`'s methods when called, and `os.write` is looked up
    on `os`: code that replaces any of them could rewrite the lines the harness writes later
    (turn an observed False into True). The C encoder and the function objects captured here
    are out of reach of anything but an introspection of this module's closures."""
    from json import encoder
    make, escape = encoder.c_make_encoder, encoder.c_encode_basestring_ascii
    if make is None or escape is None:
        raise ImportError("the C JSON encoder (_json) is missing")
    join = "".join

    def refuse(value):
        raise TypeError("a %s is not JSON" % type(value).__name__)

    def dumps(value):
        # allow_nan=False: a NaN or an infinity raises ValueError, as json.dumps would.
        return join(make({}, refuse, escape, None, ": ", ", ", False, False, False)(value, 0))
    return dumps


DUMPS = sealed_dumps()
WRITE = os.write

# The builtin classes by identity, taken before any candidate code runs: a class of the
# candidate's named `ValueError` (or put in builtins' place) is not the builtin.
_BUILTIN_CLASSES = [value for value in vars(builtins).values() if isinstance(value, type)]
BUILTIN_NAMES = {id(cls): cls.__name__ for cls in _BUILTIN_CLASSES}

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
SUITE_RUNNER = "/box/suite.py"
WEB_CLIENT = "/box/web.py"
SQL_SOLUTION = "/box/solution.sql"
# More rows than this from one query is an answer gone wrong, not a result to compare.
SQL_ROW_LIMIT = 10000
CAPTURE = "/tmp/.verdict-stdout"
CAPTURE_LIMIT = 64 * 1024
# The largest marshalled code object `compile` returns; a bigger one (large folded constants)
# is compiled again in each test instead.
CODE_LIMIT = 1024 * 1024


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


def class_name(cls):
    """A class's module and qualified name: `builtins.ValueError` only for the builtin itself."""
    builtin = BUILTIN_NAMES.get(id(cls))
    if builtin is not None:
        return "builtins." + builtin
    module = getattr(cls, "__module__", None)
    if not isinstance(module, str) or module == "builtins":
        module = "?"
    return "%s.%s" % (module, getattr(cls, "__qualname__", cls.__name__))


def describe_exception(exc):
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    mro = type(exc).__mro__
    builtin_names = set(BUILTIN_NAMES.values())
    return {
        "exception": type(exc).__name__,
        "out_of_memory": isinstance(exc, MemoryError) or (isinstance(exc, OSError) and exc.errno == 12),
        "mro": [class_name(cls) for cls in mro],
        # Names of builtins that a class in the MRO that is not that builtin also has: a test's
        # bare `"raises": "ValueError"` means the builtin, never such a class.
        "shadows": sorted({cls.__name__ for cls in mro if id(cls) not in BUILTIN_NAMES and cls.__name__ in builtin_names}),
        "message": str(exc)[:2000],
        "traceback": "".join(traceback.format_exception(type(exc), exc, tb))[-4000:],
    }


def load(path, name, namespace=None):
    # The judge compiles a submission once and ships the code object beside the source.
    compiled = path[:-3] + ".code"
    if os.path.exists(compiled):
        with open(compiled, "rb") as code_file:
            code = marshal.loads(code_file.read())
    else:
        with open(path, "rb") as source_file:
            code = compile(source_file.read(), path, "exec")
    if path == SOLUTION:
        started()
    if namespace is None:
        namespace = {}
    namespace.update({"__name__": name, "__file__": path, "__builtins__": __builtins__})
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


def load_entry(entry):
    """The entry point from solution.py, or the missing_entry outcome."""
    namespace = load(SOLUTION, "solution")
    if entry not in namespace:
        return None, {"status": "missing_entry", "message": "solution.py does not define `%s`" % entry}
    return namespace[entry], None


LITERAL_KEY, ARGUMENTS_KEY = "$literal", "$arguments"


def literal_error(exc):
    """Python's own words for a text that is not a literal, without an object's address."""
    if isinstance(exc, SyntaxError):
        where = " (column %d)" % exc.offset if exc.offset else ""
        return "SyntaxError: %s%s" % (exc.msg, where)
    message = str(exc).split(" object at 0x")[0].replace("<ast.", "")
    return "%s: %s" % (type(exc).__name__, message)


def evaluate_literal(value):
    """An argument as the call gets it: a {"$literal": text} evaluated, anything else as is."""
    if type(value) is dict and len(value) == 1 and type(value.get(LITERAL_KEY)) is str:
        import ast
        return ast.literal_eval(value[LITERAL_KEY])
    return value


def evaluate_arguments(args):
    """A call's arguments: each evaluated, and a {"$arguments": "1, 2"} (the arguments as a call
    writes them) spread, as the catalogue's literals.spread writes it: `(1, 2,)`."""
    out = []
    for value in args:
        if type(value) is dict and len(value) == 1 and type(value.get(ARGUMENTS_KEY)) is str:
            import ast
            written = value[ARGUMENTS_KEY].strip().rstrip(",").rstrip()
            out.extend(ast.literal_eval("(%s,)" % written))
        else:
            out.append(evaluate_literal(value))
    return out


def run_literals(request):
    import ast
    for field, text in request["fields"]:
        try:
            ast.literal_eval(text)
        except Exception as exc:  # SyntaxError, ValueError, RecursionError, MemoryError
            return {"status": "bad_literal", "field": field, "message": literal_error(exc)[:2000]}
    return {"status": "returned", "value": None}


# Exact builtin types whose repr is the builtin's own (a subclass's could be anything), by id:
# `in` on the types themselves would call a candidate metaclass's __eq__, which could say yes.
REPR_TYPES = frozenset(id(t) for t in (type(None), bool, int, float, complex, str, bytes, tuple, list, dict, set,
                                       frozenset))
CONTAINER_TYPES = frozenset(id(t) for t in (tuple, list, set, frozenset))
REPR_LIMIT = 64 * 1024
REPR_NODES = 100000


def builtin_repr(value, type=type, id=id, len=len, repr=repr, str=str, bytes=bytes, dict=dict):
    """Python's repr of a value made only of builtin types (a tuple shows as a tuple), or None
    for anything else: a candidate-defined __repr__ is never called (it could hang or lie). The
    builtins it uses are bound here, before any candidate code runs (which could replace them
    in builtins). Long or very large values are left to the JSON form."""
    stack, seen = [value], 0
    while stack:
        item = stack.pop()
        seen += 1
        kind = type(item)
        if seen > REPR_NODES or id(kind) not in REPR_TYPES:
            return None
        if id(kind) in CONTAINER_TYPES:
            stack.extend(item)
        elif kind is dict:
            stack.extend(dict.keys(item))
            stack.extend(dict.values(item))
        elif (kind is str or kind is bytes) and len(item) > REPR_LIMIT:
            return None
    try:
        text = repr(value)
    except (ValueError, RecursionError):
        return None  # an int past the digit limit, a list that holds itself
    return text if len(text) <= REPR_LIMIT else None


def run_function(request):
    args = [evaluate_literal(v) for v in request["args"]]
    kwargs = {k: evaluate_literal(v) for k, v in request["kwargs"].items()}
    target, missing = load_entry(request["entry"])
    if missing:
        return missing
    try:
        value = target(*args, **kwargs)
    except Exception as exc:
        return dict(status="raised", **describe_exception(exc))
    try:
        return {"status": "returned", "value": to_json(value), "repr": builtin_repr(value)}
    except NotJson as exc:
        return {"status": "not_json", "message": str(exc)}


def run_calls(request):
    calls = [(name, evaluate_arguments(args)) for name, args in request["calls"]]
    target, missing = load_entry(request["entry"])
    if missing:
        return missing
    results = []
    instance = None
    for index, (name, args) in enumerate(calls):
        try:
            if index == 0:
                instance = target(*args)
                value = None
            else:
                value = call_method(instance, name, args)
            results.append({"status": "returned", "value": to_json(value, "call %d (%s)" % (index + 1, name)),
                            "repr": builtin_repr(value)})
        except NotJson as exc:
            return {"status": "not_json", "message": str(exc)}
        except Exception as exc:
            if index == 0:
                return dict(status="raised", **describe_exception(exc))
            results.append(dict(status="raised", **describe_exception(exc)))
    return {"status": "sequence", "results": results}


def run_compile(request):
    with open(SOLUTION, "rb") as source_file:
        source = source_file.read()
    try:
        code = compile(source, request["filename"], "exec")
    except SyntaxError as exc:
        return {"status": "syntax_error", "message": exc.msg, "line": exc.lineno, "column": exc.offset,
                "text": (exc.text or "").rstrip("\n")}
    except ValueError as exc:
        return {"status": "syntax_error", "message": str(exc), "line": None, "column": None, "text": ""}
    import base64
    marshalled = marshal.dumps(code)
    if len(marshalled) > CODE_LIMIT:
        return {"status": "compiled"}
    return {"status": "compiled", "code": base64.b64encode(marshalled).decode("ascii")}


SCENARIOS = "/box/scenarios.py"
SCENARIO_API = "/box/scenario.py"


def load_scenarios():
    """The scenario API (as the module `verdict`), then the author's scenarios, compiled here so
    that every code object of the file is known before any candidate code runs."""
    api = types.ModuleType("verdict")
    api.__file__ = SCENARIO_API
    with open(SCENARIO_API, "rb") as api_file:
        exec(compile(api_file.read(), SCENARIO_API, "exec"), api.__dict__)
    sys.modules["verdict"] = api
    with open(SCENARIOS, "rb") as scenarios_file:
        code = compile(scenarios_file.read(), SCENARIOS, "exec")
    module = types.ModuleType("scenarios")
    module.__file__ = SCENARIOS
    exec(code, module.__dict__)
    functions, listed = api.listing(module.__dict__)
    return api, code, functions, listed


def run_scenario_list(request):
    _, _, _, listed = load_scenarios()
    return {"status": "returned", "value": listed}


def run_scenario(request):
    api, file_code, functions, _ = load_scenarios()
    target = next((f for f in functions if f.__name__ == request["scenario"]), None)
    if target is None:
        return {"status": "harness_error", "message": "no scenario named %r" % request["scenario"]}
    # The token lives only in closures from here on, never in a frame the candidate's code is
    # called from (its frames can see their callers' locals).
    check, stamp = scenario_recorder(api, file_code, request.pop("token"), DUMPS, WRITE)
    solution = types.ModuleType("solution")
    solution.__file__ = SOLUTION
    sys.modules["solution"] = solution
    load(SOLUTION, "solution", solution.__dict__)
    try:
        target(solution, check)
    except Exception as exc:
        return dict(status="raised", **describe_exception(exc))
    return stamp({"status": "scenario_done", "observations": check.count()})


def scenario_recorder(api, file_code, token, dumps, write):
    """The recorder a scenario gets, writing to the result stream, and the function that
    stamps the reply with the token. Everything the write path calls is bound here, before
    the candidate's code runs (see sealed_dumps)."""
    codes = api.code_objects([file_code])
    getframe, result_fd = sys._getframe, RESULT_FD

    def write_line(record):
        # Called by the recorder only: write_line <- emit <- the API method <- a scenario.
        if getframe(3).f_code not in codes:
            raise RuntimeError("an observation can only be made by the problem's scenarios")
        data = (dumps(dict(record, token=token)) + "\n").encode()
        while data:
            data = data[write(result_fd, data):]

    def stamp(reply):
        return dict(reply, token=token)

    return api.make_recorder(write_line, codes, SCENARIOS, BUILTIN_NAMES, dumps), stamp


def run_suite(request):
    """A `tests` problem's run: the candidate's suite (/box/solution.py) under pytest against the
    module in the request (see suite.py)."""
    import importlib.util

    orm = request.get("orm")
    if orm:
        import verdict_runtime

        try:
            schema = verdict_runtime.schema(orm["framework"], orm["schema"])
        except ImportError as exc:
            return {"status": "harness_error", "message": "the sandbox's Python packages are missing: %s" % exc}
        sys.modules["models"] = schema.module
    spec = importlib.util.spec_from_file_location("verdict_suite", SUITE_RUNNER)
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    return runner.run(request, SOLUTION, started)


def run_web(request):
    """A `web` problem's run: the test's requests sent to the candidate's app (see web.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("verdict_web", WEB_CLIENT)
    client = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(client)
    return client.run(request, {"load": load, "load_fixture": load_fixture, "FixtureError": FixtureError})


def run_generate(request):
    import random
    namespace = load("/box/generator.py", "generator")
    tests = namespace["generate"](random.Random(request["seed"]), request["count"])
    return {"status": "returned", "value": to_json(tests)}


def run_check(request):
    namespace = load("/box/checker.py", "checker")
    verdict = namespace["check"](request["input"], request["expected"], request["actual"])
    message = ""
    if isinstance(verdict, tuple):
        verdict, message = verdict
    if isinstance(verdict, bool):
        score = 1.0 if verdict else 0.0
    elif isinstance(verdict, (int, float)) and 0 <= verdict <= 1:
        score = float(verdict)
    else:
        raise ValueError("check() must return True/False or a score from 0 to 1 (alone or with a message), not %r"
                         % (verdict,))
    return {"status": "checked", "score": score, "message": str(message)}


# ---- fixtures (sql and orm) -------------------------------------------------------------


class FixtureError(Exception):
    pass


def quote_identifier(name):
    return '"%s"' % str(name).replace('"', '""')


def load_fixture(raw, tables, seed, known_tables=None):
    """Inserts a fixture through a raw sqlite3 connection, every table's rows in a seeded
    shuffle, foreign keys unchecked while loading (rows come in any order) and checked once
    loaded; then foreign keys are on, as in a real database, for whatever runs next."""
    import random

    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute("BEGIN")
    for table, data in tables.items():
        if known_tables is not None and table not in known_tables:
            raise FixtureError("the fixture has a table %r, which the schema does not (it has %s)"
                               % (table, ", ".join(sorted(known_tables))))
        columns = data["columns"]
        rows = [tuple(row) for row in data["rows"]]
        random.Random("%s:%s" % (seed, table)).shuffle(rows)
        statement = "INSERT INTO %s (%s) VALUES (%s)" % (
            quote_identifier(table), ", ".join(quote_identifier(c) for c in columns), ", ".join("?" for _ in columns))
        try:
            raw.executemany(statement, rows)
        except Exception as exc:
            raise FixtureError("loading table %r: %s" % (table, exc)) from None
    raw.execute("COMMIT")
    raw.execute("PRAGMA foreign_keys = ON")
    broken = raw.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise FixtureError("%d row(s) break a foreign key: the first is row %s of table %r, which refers to a row of "
                           "table %r that does not exist" % (len(broken), rowid, table, parent))


def sql_value(value):
    if isinstance(value, bytes):
        return "x'%s'" % value.hex()
    return value


def dump_table(raw, name):
    cursor = raw.execute("SELECT * FROM %s ORDER BY rowid" % quote_identifier(name))
    return {"columns": [d[0] for d in cursor.description],
            "rows": [[sql_value(v) for v in row] for row in cursor.fetchall()]}


# ---- sql ---------------------------------------------------------------------------------


class Refused(Exception):
    def __init__(self, message, offset=None):
        super().__init__(message)
        # Where in the answer the reason is, when it is somewhere.
        self.offset = offset


# Blanks, comments and semicolons: what SQLite skips between statements.
# Atomic, so that a long comment cannot make the match backtrack.
NOTHING_SQL = r"(?>\s|--[^\n]*|/\*.*?(?:\*/|\Z)|;)*+"
MORE_THAN_ONE = "write one SQL statement: the answer holds more than one (statements end at ';')"


def first_statement_end(query):
    """The index just after the first ';' outside quotes and comments, or None."""
    closers = {"'": "'", '"': '"', "`": "`", "[": "]"}
    i = 0
    while i < len(query):
        char = query[i]
        if char in closers:
            end = query.find(closers[char], i + 1)
        elif query.startswith("--", i):
            end = query.find("\n", i)
        elif query.startswith("/*", i):
            end = query.find("*/", i + 2) + 1
        elif char == ";":
            return i + 1
        else:
            i += 1
            continue
        if end <= 0:
            return None
        i = end + 1
    return None


def read_answer():
    """The answer's one statement. Empty statements, blanks and comments after its semicolon
    are dropped (`SELECT 1;;` is one statement); a second statement is refused where it starts;
    an answer of nothing but comments, blanks and semicolons is refused."""
    import re
    with open(SQL_SOLUTION, encoding="utf-8") as query_file:
        query = query_file.read()
    if re.fullmatch(NOTHING_SQL, query, flags=re.S):
        raise Refused("the answer is empty: write one SQL statement")
    end = first_statement_end(query)
    if end is None:
        return query
    rest = re.match(NOTHING_SQL, query[end:], flags=re.S).end()
    if end + rest < len(query):
        raise Refused(MORE_THAN_ONE, end + rest)
    return query[:end]


def sql_database(spec):
    import sqlite3
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.executescript(spec["schema"])
    # Set here, before the authorizer (which refuses every PRAGMA) is installed.
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def sql_authorizer(modifies, tables, refused):
    """Allows reading, and writing the problem's own tables when the problem is about data
    changes; everything else (ATTACH, PRAGMA, schema changes, transactions, extensions) is
    refused, with the reason kept for the candidate."""
    import sqlite3 as q

    names = {getattr(q, n): n[len("SQLITE_"):].replace("_", " ") for n in dir(q)
             if n.startswith("SQLITE_") and isinstance(getattr(q, n), int) and n not in ("SQLITE_OK", "SQLITE_DENY", "SQLITE_IGNORE")
             and not n.startswith("SQLITE_LIMIT")}
    always = {q.SQLITE_SELECT, q.SQLITE_READ, q.SQLITE_RECURSIVE}
    writes = {q.SQLITE_INSERT: "INSERT", q.SQLITE_UPDATE: "UPDATE", q.SQLITE_DELETE: "DELETE"}

    def authorize(action, arg1, arg2, database, trigger):
        if action in always:
            return q.SQLITE_OK
        if action == q.SQLITE_FUNCTION:
            if (arg2 or "").lower() == "load_extension":
                refused.append("loading an extension (load_extension) is not allowed")
                return q.SQLITE_DENY
            return q.SQLITE_OK
        if action in writes:
            if modifies and arg1 in tables:
                return q.SQLITE_OK
            if modifies:
                refused.append("%s on %s is not allowed: change only the problem's tables" % (writes[action], arg1))
            else:
                refused.append("%s is not allowed: this problem asks for a query that reads, and the database is "
                               "read-only" % writes[action])
            return q.SQLITE_DENY
        if action in (q.SQLITE_ATTACH, q.SQLITE_DETACH):
            refused.append("ATTACH and DETACH are not allowed: the query runs on the problem's database only")
        elif action == q.SQLITE_PRAGMA:
            refused.append("PRAGMA %s is not allowed: the database's settings are fixed" % arg1)
        elif action in (q.SQLITE_TRANSACTION, q.SQLITE_SAVEPOINT):
            refused.append("transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT) is not allowed")
        else:
            what = names.get(action, "action %d" % action)
            refused.append("%s is not allowed: write one %s" % (what, "statement that changes the data" if modifies else "query"))
        return q.SQLITE_DENY

    return authorize


def line_and_column(query, offset):
    before = query[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def sql_error_position(query, message):
    """Line and column for an SQLite error message, found from the token it names."""
    import re
    match = re.search(r'near "(.*?)": syntax error', message) or re.search(
        r"no such (?:column|table|function): ([\w.]+)", message)
    if match:
        offset = query.find(match.group(1))
        if offset < 0 and "." in match.group(1):
            offset = query.find(match.group(1).split(".")[-1])
    elif "incomplete input" in message:
        offset = len(query.rstrip())
    else:
        return None, None
    if offset < 0:
        return None, None
    return line_and_column(query, offset)


def sql_tables(connection):
    return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def execute_answer(connection, query, refused):
    import sqlite3
    try:
        return connection.execute(query)
    except (sqlite3.Warning, sqlite3.ProgrammingError) as exc:
        if "one statement" in str(exc):
            raise Refused(MORE_THAN_ONE) from None
        raise
    except sqlite3.DatabaseError:
        if refused:
            raise Refused(refused[0]) from None
        raise


def run_sql_compile(spec):
    import sqlite3
    connection = sql_database(spec)
    refused = []
    connection.set_authorizer(sql_authorizer(spec["modifies"], sql_tables(connection), refused))
    query = ""
    try:
        query = read_answer()
        # EXPLAIN compiles the statement, running the authorizer, without running it.
        execute_answer(connection, "EXPLAIN " + query, refused)
    except Refused as exc:
        line = column = None
        text = ""
        if exc.offset is not None:
            with open(SQL_SOLUTION, encoding="utf-8") as query_file:
                whole = query_file.read()
            line, column = line_and_column(whole, exc.offset)
            text = whole.splitlines()[line - 1] if line <= len(whole.splitlines()) else ""
        return {"status": "syntax_error", "message": str(exc), "line": line, "column": column, "text": text}
    except sqlite3.Error as exc:
        line, column = sql_error_position(query, str(exc))
        text = query.splitlines()[line - 1] if line and line <= len(query.splitlines()) else ""
        return {"status": "syntax_error", "message": str(exc), "line": line, "column": column, "text": text}
    return {"status": "compiled"}


def fetch_rows(cursor):
    rows = []
    while True:
        batch = cursor.fetchmany(1000)
        if not batch:
            return rows
        rows.extend([sql_value(v) for v in row] for row in batch)
        if len(rows) > SQL_ROW_LIMIT:
            raise Refused("the query returned more than %d rows" % SQL_ROW_LIMIT)


def run_sql(spec):
    import sqlite3
    connection = sql_database(spec)
    modifies = spec["modifies"]
    tables = sql_tables(connection)
    try:
        load_fixture(connection, spec["tables"], spec["seed"], tables)
    except FixtureError as exc:
        return {"status": "fixture_error", "message": str(exc)}
    if not modifies:
        connection.execute("PRAGMA query_only = ON")
    refused = []
    authorizer = sql_authorizer(modifies, tables, refused)
    connection.set_authorizer(authorizer)
    try:
        query = read_answer()
        cursor = execute_answer(connection, query, refused)
        if modifies:
            fetch_rows(cursor)
            connection.set_authorizer(None)
            return {"status": "returned", "value": {name: dump_table(connection, name) for name in sorted(tables)}}
        if cursor.description is None:
            raise Refused("the statement gave no result set: write a query (SELECT or WITH ... SELECT)")
        columns = [d[0] for d in cursor.description]
        result = {"status": "returned", "value": {"columns": columns, "rows": fetch_rows(cursor)}}
        if spec["ordered"]:
            # Unordered selects come back the other way round now: a result whose order the
            # query does not fix shows it here.
            connection.set_authorizer(None)
            connection.execute("PRAGMA reverse_unordered_selects = ON")
            connection.set_authorizer(authorizer)
            result["reversed_rows"] = fetch_rows(execute_answer(connection, query, refused))
        return result
    except Refused as exc:
        return {"status": "refused", "message": str(exc)}
    except sqlite3.Error as exc:
        return {"status": "sql_error", "exception": type(exc).__name__, "message": str(exc)}


# ---- orm ---------------------------------------------------------------------------------


def run_orm(spec):
    """The outcome, and (once the answer was called) the statements it sent, as a reply."""
    import verdict_runtime

    try:
        schema = verdict_runtime.schema(spec["framework"], spec["schema"])
    except ImportError as exc:
        return {"status": "harness_error", "message": "the sandbox's Python packages are missing: %s" % exc}
    # Taken before the candidate's module runs, so that replacing them there changes nothing.
    verify, tampered = verdict_runtime.verify, verdict_runtime.RecorderTampered
    raw = schema.raw()
    try:
        load_fixture(raw, spec["tables"], spec["seed"], set(schema.tables))
    except FixtureError as exc:
        return {"status": "fixture_error", "message": str(exc)}
    # An answer that forgets to order its results gets them the other way round.
    raw.execute("PRAGMA reverse_unordered_selects = ON")
    sys.modules["models"] = schema.module
    capture = schema.capture()
    target, missing = load_entry(spec["entry"])
    if missing:
        return missing
    args, kwargs = spec["args"], spec["kwargs"]
    tables_after = spec["tables_after"]

    def tables():
        return {name: dump_table(raw, name) for name in tables_after}

    recorder_tampered = None
    try:
        with capture:
            try:
                if spec["framework"] == "sqlalchemy":
                    # Turned into plain data inside the session, so lazy loads still work (and count).
                    with schema.session() as session:
                        value = verdict_runtime.plain(target(session, *args, **kwargs))
                else:
                    value = verdict_runtime.plain(target(*args, **kwargs))
            finally:
                try:
                    verify(capture)
                except tampered as exc:
                    recorder_tampered = str(exc)
    except Exception as exc:
        described = describe_exception(exc)
        if tables_after and not described["out_of_memory"]:
            # What the tables hold after a failed call is part of the answer ("raise and
            # change nothing"), so the exception is graded as a value beside them.
            value = {"raised": described["exception"], "tables": tables()}
            result = {"status": "returned", "value": value, "traceback": described["traceback"]}
        else:
            result = dict(status="raised", **described)
    else:
        try:
            value = to_json(value)
            result = {"status": "returned", "value": {"returned": value, "tables": tables()} if tables_after else value}
        except NotJson as exc:
            result = {"status": "not_json", "message": str(exc)}
    queries = {"statements": capture.queries, "count": capture.count, "tampered": recorder_tampered}
    return {"outcome": result, "queries": queries}


# ---- pandas ------------------------------------------------------------------------------

FRAMES = "/box/frames.py"


def run_pandas(request):
    import importlib.util

    try:
        spec = importlib.util.spec_from_file_location("verdict_frames", FRAMES)
        frames = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(frames)
    except ImportError as exc:
        return {"status": "harness_error", "message": "the sandbox's Python packages are missing: %s" % exc}
    return frames.run(request, load_entry, describe_exception)


# Each returns an outcome ({"status": ...}), or a reply ({"outcome": ..., more}) when more goes
# with it.
MODES = {
    "compile": run_compile,
    "function": run_function,
    "calls": run_calls,
    "literals": run_literals,
    "generate": run_generate,
    "check": run_check,
    "sql_compile": run_sql_compile,
    "sql": run_sql,
    "orm": run_orm,
    "scenario_list": run_scenario_list,
    "scenario": run_scenario,
    "suite": run_suite,
    "pandas": run_pandas,
    "web": run_web,
}


# The result stream's descriptor, once main() has set it up.
RESULT_FD = None


def started():
    WRITE(RESULT_FD, STARTED)


def output_overflowed():
    """Whether the candidate's prints filled the capture file up to the file-size limit: too
    much output, as on the stdio path, whatever the program did about the write that failed."""
    try:
        size = os.stat(CAPTURE).st_size
    except OSError:
        return False
    if size < CAPTURE_LIMIT:
        return False
    import resource
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    return limit != resource.RLIM_INFINITY and size >= limit


def main():
    global RESULT_FD
    # Bound before any candidate code runs: the reply is written with these, whatever the
    # candidate's code later does to json, os or this module's globals.
    dumps, write = DUMPS, WRITE
    request = json.loads(sys.stdin.read() or "{}")
    mode = request.pop("mode", None)
    result_fd = RESULT_FD = os.dup(1)
    capture = os.open(CAPTURE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(capture, 1)
    os.close(capture)
    sys.stdout = open(1, "w", closefd=False)
    try:
        run = MODES.get(mode)
        if run is None:
            result = {"status": "harness_error", "message": "unknown mode %r" % mode}
        else:
            result = run(request)
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
    reply = result if "outcome" in result else {"outcome": result}
    try:
        sys.stdout.flush()
    except OSError:
        # What the file could not take is dropped, so that the exit does not try it again.
        import io
        sys.stdout = io.StringIO()
    reply["output_limit"] = output_overflowed()
    with open(CAPTURE, "rb") as captured:
        reply["stdout"] = captured.read(CAPTURE_LIMIT).decode("utf-8", "replace")
    try:
        data = dumps(reply)
    except ValueError:
        # An SQL answer's inf or nan: the answer's value, not a harness failure.
        data = dumps({"outcome": {"status": "not_json",
                                  "message": "the result holds a number JSON cannot hold (inf or nan)"},
                      "stdout": reply["stdout"]})
    data = (data + "\n").encode()
    while data:
        data = data[write(result_fd, data):]


main()
