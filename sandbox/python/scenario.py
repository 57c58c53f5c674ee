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


def make_codec(builtin_names, dumps):
    """The typed encoder and the exception describer (see the top of this file), with every
    function and builtin they call bound now. The recorder makes them before the candidate's
    code runs, so that code replacing `base64.b64encode`, `json.dumps`, a builtin or this
    module's globals cannot change how a later observation is encoded."""
    _type, _isinstance, _repr, _str, _getattr, _bytes = type, isinstance, repr, str, getattr, bytes
    _list, _tuple, _set, _frozenset, _dict, _bytearray = list, tuple, set, frozenset, dict, bytearray
    _bool, _int, _float, _complex, _BaseException, _Exception = bool, int, float, complex, BaseException, Exception
    b64encode, names = base64.b64encode, dict(builtin_names)

    def type_name(cls):
        """A class's module and qualified name: `builtins.X` only for the builtin itself."""
        builtin = names.get(id(cls))
        if builtin is not None:
            return "builtins." + builtin
        module = _getattr(cls, "__module__", None)
        if not _isinstance(module, _str) or module == "builtins":
            module = "?"
        return "%s.%s" % (module, _getattr(cls, "__qualname__", _getattr(cls, "__name__", "?")))

    def describe(exc):
        """An exception as class identity, bases and message."""
        try:
            message = _str(exc)
        except _Exception:
            message = "<str() of the exception raised>"
        if not _isinstance(message, _str):
            message = "<str() of the exception did not return a string>"
        return {"type": type_name(_type(exc)),
                "mro": [type_name(cls) for cls in _type(exc).__mro__],
                "message": message[:10000]}

    def encode(value, depth=0):
        if depth > MAX_DEPTH:
            raise Unencodable("the value is nested more than %d deep" % MAX_DEPTH)
        kind = _type(value)
        if value is None or kind is _bool or kind is _str:
            return value
        if kind is _int:
            if -(2 ** 63) <= value < 2 ** 63:
                return value
            return {"int": _str(value)}
        if kind is _float:
            if value != value:
                return {"float": "nan"}
            if value - value != 0:
                return {"float": "inf" if value > 0 else "-inf"}
            return {"float": value}
        if kind is _list:
            return [encode(v, depth + 1) for v in value]
        if kind is _tuple:
            return {"tuple": [encode(v, depth + 1) for v in value]}
        if kind is _set or kind is _frozenset:
            items = [encode(v, depth + 1) for v in value]
            items.sort(key=dumps)
            return {"set" if kind is _set else "frozenset": items}
        if kind is _dict:
            return {"dict": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]}
        if kind is _bytes or kind is _bytearray:
            return {"bytes" if kind is _bytes else "bytearray": b64encode(_bytes(value)).decode("ascii")}
        if kind is _complex:
            return {"complex": [encode(value.real), encode(value.imag)]}
        if _isinstance(value, _BaseException):
            return {"exception": describe(value)}
        if _isinstance(value, _type):
            return {"class": type_name(value)}
        # Anything else (a date, a Decimal, a dataclass, the candidate's own object) is its
        # type and its repr: equal when both are, as a failing assertEqual would print them.
        try:
            text = _repr(value)
        except _Exception as exc:
            raise Unencodable("repr() of the %s raised %s" % (kind.__name__, _type(exc).__name__))
        if not _isinstance(text, _str):
            raise Unencodable("repr() of the %s did not return a string" % kind.__name__)
        return {"object": {"type": type_name(kind), "repr": text[:10000]}}

    return encode, describe


def _sort_key(value):
    return json.dumps(value, sort_keys=True)


def encode(value, builtin_names):
    """The typed encoding of one value (trusted code only: the recorder binds its own)."""
    return make_codec(builtin_names, _sort_key)[0](value)


def describe(exc, builtin_names):
    """An exception as class identity, bases and message (trusted code only)."""
    return make_codec(builtin_names, _sort_key)[1](exc)


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


def make_recorder(write_line, scenario_codes, scenario_file, builtin_names, dumps):
    """The recorder a scenario gets. `write_line(record)` sends one record to the judge; it is
    captured here, in a closure, and nowhere else. What the recorder calls while a scenario
    runs is bound here too, before any candidate code runs: `sys._getframe` replaced on `sys`
    would defeat the frame check, `json.dumps` replaced on `json` would rewrite observations."""
    count = [0]
    getframe = sys._getframe
    encode, describe = make_codec(builtin_names, dumps)
    import linecache
    getline = linecache.getline

    def emit(body, label):
        # Only a scenario's own code may observe: the frame that called the API method (two
        # up from here) must run one of its code objects, so the candidate's code, called from
        # a scenario, cannot make an observation even when it finds the recorder.
        frame = getframe(2)
        if frame.f_code not in scenario_codes:
            raise RuntimeError("an observation can only be made by the problem's scenarios")
        line = frame.f_lineno
        if count[0] >= MAX_OBSERVATIONS:
            raise RuntimeError("a scenario may make at most %d observations" % MAX_OBSERVATIONS)
        count[0] += 1
        body["line"] = line
        body["code"] = getline(scenario_file, line).strip()[:300]
        if label is not None:
            body["label"] = str(label)[:300]
        if len(dumps(body)) > MAX_ENCODED_BYTES:
            body = {"line": line, "code": body["code"], "checker": body["checker"],
                    "unencodable": "the value's encoding is over %d bytes" % MAX_ENCODED_BYTES}
        write_line({"seq": count[0], "observation": body})

    def encoded(value):
        try:
            return {"value": encode(value)}
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
                emit({"checker": {"name": "exact"}, "raised": describe(exc)}, None)
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
            emit({"checker": checker, "raised": describe(exc)}, self.label)
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
