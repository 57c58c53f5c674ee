# The scenario API: what a problem's tests/scenarios.py sees, loaded by the harness as the
# module `verdict`. An author writes plain functions that drive the candidate's module the way
# a unittest or pytest test would, and records *observations* instead of asserting:
#
#     from verdict import sample, weight, group
#
#     @sample
#     def test_pop_returns_the_last_push(solution, check):
#         stack = solution.Stack()
#         stack.push(1)
#         stack.push(2)
#         check(stack.pop())                    # a value
#         check.call(stack.peek)                # what a call returned, or what it raised
#         with check.raises():                  # the exception the block raised, or none
#             solution.Stack().pop()
#
# Every test_* function of the file is one test, in the order of the file. The reference's
# observations, made in a box of their own when the problem is prepared, are the expected
# answers; they are kept outside the box and compared there with the candidate's.
#
# The recorder (`check`) exists only as the scenario's argument: it is not a global of this
# module or of any other, the candidate's module is loaded after the scenarios and never given
# it, and every observation is written to the judge's channel the moment it is made, numbered
# and stamped with a token the judge gave on stdin. Earlier observations have left the process
# before the candidate's code runs again, so they cannot be changed or taken back; a line on
# the channel that is out of order or lacks the token makes the run a runtime error.
#
# An observation is encoded faithfully (see `encode`): JSON null, booleans, strings, integers
# that fit in 64 bits and lists stand for themselves; every other value is a one-key object
# that names its type, so (1, 2) and [1, 2], 1 and 1.0 and True, {1} and [1] stay apart.
import base64
import json
import math
import os
import re
import sys

# The largest observations the judge takes: more means a scenario gone wrong.
MAX_OBSERVATIONS = 10000
MAX_ENCODED_BYTES = 1024 * 1024
MAX_DEPTH = 64
CHECKERS = ("exact", "float", "unordered", "pattern", "custom")


def sample(function):
    """Marks a scenario as a sample: the candidate sees its source and, when it fails, the
    expected and actual observations."""
    function.verdict_sample = True
    return function


def weight(value):
    """The scenario's weight in the score (default 1)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0 or value != value:
        raise ValueError("weight must be a positive number, not %r" % (value,))

    def mark(function):
        function.verdict_weight = float(value)
        return function
    return mark


def group(name):
    """The scenario belongs to the named group: the group scores only when all its tests pass."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError("a group's name must be a non-empty string, not %r" % (name,))

    def mark(function):
        function.verdict_group = name
        return function
    return mark


class Unencodable(Exception):
    pass


def type_name(cls, builtin_names):
    """A class's module and qualified name: `builtins.X` only for the builtin itself."""
    builtin = builtin_names.get(id(cls))
    if builtin is not None:
        return "builtins." + builtin
    module = getattr(cls, "__module__", None)
    if not isinstance(module, str) or module == "builtins":
        module = "?"
    return "%s.%s" % (module, getattr(cls, "__qualname__", getattr(cls, "__name__", "?")))


def encode(value, builtin_names, depth=0):
    """The typed encoding of one value (see the top of this file)."""
    if depth > MAX_DEPTH:
        raise Unencodable("the value is nested more than %d deep" % MAX_DEPTH)
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        if -(2 ** 63) <= value < 2 ** 63:
            return value
        return {"int": str(value)}
    if kind is float:
        if math.isnan(value):
            return {"float": "nan"}
        if math.isinf(value):
            return {"float": "inf" if value > 0 else "-inf"}
        return {"float": value}
    if kind is list:
        return [encode(v, builtin_names, depth + 1) for v in value]
    if kind is tuple:
        return {"tuple": [encode(v, builtin_names, depth + 1) for v in value]}
    if kind in (set, frozenset):
        items = [encode(v, builtin_names, depth + 1) for v in value]
        items.sort(key=lambda v: json.dumps(v, sort_keys=True))
        return {kind.__name__: items}
    if kind is dict:
        return {"dict": [[encode(k, builtin_names, depth + 1), encode(v, builtin_names, depth + 1)]
                         for k, v in value.items()]}
    if kind in (bytes, bytearray):
        return {kind.__name__: base64.b64encode(bytes(value)).decode("ascii")}
    if kind is complex:
        return {"complex": [encode(value.real, builtin_names), encode(value.imag, builtin_names)]}
    if isinstance(value, BaseException):
        return {"exception": describe(value, builtin_names)}
    if isinstance(value, type):
        return {"class": type_name(value, builtin_names)}
    # Anything else (a date, a Decimal, a dataclass, the candidate's own object) is its type
    # and its repr: equal when both are, as a failing assertEqual would print them.
    try:
        text = repr(value)
    except Exception as exc:
        raise Unencodable("repr() of the %s raised %s" % (kind.__name__, type(exc).__name__))
    if not isinstance(text, str):
        raise Unencodable("repr() of the %s did not return a string" % kind.__name__)
    return {"object": {"type": type_name(kind, builtin_names), "repr": text[:10000]}}


def describe(exc, builtin_names):
    """An exception as class identity, bases and message."""
    mro = type(exc).__mro__
    try:
        message = str(exc)
    except Exception:
        message = "<str() of the exception raised>"
    return {"type": type_name(type(exc), builtin_names),
            "mro": [type_name(cls, builtin_names) for cls in mro],
            "message": message[:10000]}


def checker_spec(checker, options):
    if checker not in CHECKERS:
        raise ValueError("checker must be one of %s, not %r" % (", ".join(CHECKERS), checker))
    spec = {"name": checker}
    if checker == "float":
        for key in ("abs", "rel"):
            value = options.pop(key, 0.0)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
                raise ValueError("%s must be a number at least 0, not %r" % (key, value))
            spec[key] = float(value)
        if spec["abs"] == 0 and spec["rel"] == 0:
            raise ValueError('checker="float" needs abs= or rel=')
    if checker == "pattern":
        pattern = options.pop("pattern", None)
        if not isinstance(pattern, str):
            raise ValueError('checker="pattern" needs pattern="a regular expression"')
        re.compile(pattern)
        spec["pattern"] = pattern
    if options:
        raise TypeError("unknown option %s for checker %r" % (", ".join(sorted(options)), checker))
    return spec


def make_recorder(write_line, scenario_codes, scenario_file, builtin_names):
    """The recorder a scenario gets. `write_line(record)` sends one record to the judge; it is
    captured here, in a closure, and nowhere else."""
    count = [0]

    def emit(body, label):
        # Only a scenario's own code may observe: the frame that called the API method (two
        # up from here) must run one of its code objects, so the candidate's code, called from
        # a scenario, cannot make an observation even when it finds the recorder.
        frame = sys._getframe(2)
        if frame.f_code not in scenario_codes:
            raise RuntimeError("an observation can only be made by the problem's scenarios")
        line = frame.f_lineno
        if count[0] >= MAX_OBSERVATIONS:
            raise RuntimeError("a scenario may make at most %d observations" % MAX_OBSERVATIONS)
        count[0] += 1
        import linecache
        body["line"] = line
        body["code"] = linecache.getline(scenario_file, line).strip()[:300]
        if label is not None:
            body["label"] = str(label)[:300]
        if len(json.dumps(body, allow_nan=False)) > MAX_ENCODED_BYTES:
            body = {"line": line, "code": body["code"], "checker": body["checker"],
                    "unencodable": "the value's encoding is over %d bytes" % MAX_ENCODED_BYTES}
        write_line({"seq": count[0], "observation": body})

    def encoded(value):
        try:
            return {"value": encode(value, builtin_names)}
        except (Unencodable, RecursionError) as exc:
            return {"unencodable": str(exc)}

    class Check:
        __slots__ = ()

        def __call__(self, value, checker="exact", label=None, **options):
            """Records a value."""
            body = {"checker": checker_spec(checker, options)}
            body.update(encoded(value))
            emit(body, label)
            return value

        def call(self, function, *args, **kwargs):
            """Calls `function(*args, **kwargs)` and records what it returned (compared
            exactly) or what it raised; returns the value, or None when it raised."""
            try:
                value = function(*args, **kwargs)
            except Exception as exc:
                emit({"checker": {"name": "exact"}, "raised": describe(exc, builtin_names)}, None)
                return None
            body = {"checker": {"name": "exact"}}
            body.update(encoded(value))
            emit(body, None)
            return value

        def raises(self, message=True, label=None):
            """A block whose exception (class and, unless message=False, its message) or the
            absence of one is recorded; the exception does not propagate."""
            return Raises(message, label)

        def count(self):
            return count[0]

    class Raises:
        __slots__ = ("message", "label", "exception")

        def __init__(self, message, label):
            self.message = bool(message)
            self.label = label
            self.exception = None

        def __enter__(self):
            return self

        def __exit__(self, exc_type, exc, tb):
            checker = {"name": "exact" if self.message else "type"}
            if exc is None:
                emit({"checker": checker, "raised": None}, self.label)
                return False
            if not isinstance(exc, Exception):
                return False
            self.exception = exc
            emit({"checker": checker, "raised": describe(exc, builtin_names)}, self.label)
            return True

    return Check()


def code_objects(codes):
    """Every code object under the given ones (the scenario file's functions, helpers,
    lambdas, comprehensions): an observation must be made from one of them."""
    seen = set()
    stack = list(codes)
    while stack:
        code = stack.pop()
        if code in seen:
            continue
        seen.add(code)
        stack.extend(c for c in code.co_consts if isinstance(c, type(code)))
    return frozenset(seen)


def listing(namespace):
    """The scenarios of a loaded tests/scenarios.py, in the order of the file."""
    found = []
    for name, value in namespace.items():
        if name.startswith("test_") and callable(value) and hasattr(value, "__code__"):
            found.append(value)
    found.sort(key=lambda f: f.__code__.co_firstlineno)
    out = []
    for function in found:
        if function.__code__.co_argcount != 2:
            raise TypeError("line %d: scenario %s must take two arguments, (solution, check)"
                            % (function.__code__.co_firstlineno, function.__name__))
        import inspect
        try:
            source = inspect.getsource(function)
        except (OSError, TypeError):
            source = ""
        out.append({"name": function.__name__, "line": function.__code__.co_firstlineno,
                    "sample": bool(getattr(function, "verdict_sample", False)),
                    "weight": getattr(function, "verdict_weight", 1.0),
                    "group": getattr(function, "verdict_group", None),
                    "source": source})
    return found, out
