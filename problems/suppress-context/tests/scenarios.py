import os

from verdict import sample


@sample
def test_division_by_zero_is_suppressed(solution, check):
    guard = solution.Suppress(ZeroDivisionError)
    with guard:
        value = 7 // 2
    check(value)
    check(guard.exception)
    with guard:
        1 // 0
    check(guard.exception)


@sample
def test_several_types_one_guard(solution, check):
    guard = solution.Suppress(KeyError, IndexError)
    with guard as entered:
        value = [10, 20][1]
    check(entered is guard)
    check(value)
    with guard:
        {"a": 1}["b"]
    check(type(guard.exception))
    with guard:
        [10, 20][2]
    check(guard.exception)


@sample
def test_other_exceptions_escape(solution, check):
    guard = solution.Suppress(KeyError)
    with guard:
        value = int("12")
    check(value)
    with check.raises():
        with guard:
            1 // 0


# Below, every guarded block runs inside check.raises(): what escapes the guard (or that
# nothing did) is an observation, and the scenario goes on.


def test_no_types_suppress_nothing(solution, check):
    guard = solution.Suppress()
    with check.raises():
        with guard:
            int("x")
    check(guard.exception)
    with check.raises():
        with guard:
            value = int("42") // 3
    check(value)


def test_the_stored_exception_is_the_one_raised(solution, check):
    guard = solution.Suppress(ValueError)
    error = ValueError("raised on purpose")
    with check.raises():
        with guard:
            raise error
    check(guard.exception is error)
    check(guard.exception)


def test_enter_returns_the_guard_each_time(solution, check):
    guard = solution.Suppress(KeyError)
    for key in ("a", "b", "c"):
        with guard as entered:
            raise KeyError(key)
        check(entered is guard)
        # The exception read through what __enter__ gave: a value, not only a yes or no.
        check.call(getattr, entered, "exception")


def test_exception_is_reset_between_blocks(solution, check):
    guard = solution.Suppress(ValueError)
    for text in ("oops", "5", "", "-3"):
        with check.raises():
            with guard:
                int(text)
        check(guard.exception, label=repr(text))


def test_an_escaped_exception_is_not_stored(solution, check):
    guard = solution.Suppress(IndexError)
    with check.raises():
        with guard:
            [1][3]
    check(type(guard.exception))
    error = KeyError("z")
    with check.raises() as escaped:
        with guard:
            raise error
    check(escaped.exception is error)
    check(guard.exception)


def test_several_types(solution, check):
    guard = solution.Suppress(KeyError, IndexError, ZeroDivisionError)
    for action in (lambda: [][0], lambda: {}["k"], lambda: 0 // 0, lambda: -7 // 2):
        with check.raises():
            with guard:
                action()
        check(guard.exception)


def test_a_base_class_catches_its_subclasses(solution, check):
    for base, action in [(ArithmeticError, lambda: 5 // 0),
                         (LookupError, lambda: {"a": 1}["b"]),
                         (LookupError, lambda: [10, 20][5]),
                         (OSError, lambda: os.remove("")),
                         (Exception, lambda: [].pop())]:
        guard = solution.Suppress(base)
        with check.raises():
            with guard:
                action()
        check(type(guard.exception), label=base.__name__)


def test_a_subclass_does_not_catch_its_base(solution, check):
    guard = solution.Suppress(KeyError)
    with check.raises():
        with guard:
            raise LookupError("not a KeyError")
    check(guard.exception)


def test_a_type_error_is_not_arithmetic(solution, check):
    guard = solution.Suppress(ArithmeticError)
    with check.raises():
        with guard:
            4 // 0
    check(type(guard.exception))
    with check.raises():
        with guard:
            1 // "a"
    check(guard.exception)


def test_nested_guards(solution, check):
    outer = solution.Suppress(ZeroDivisionError)
    inner = solution.Suppress(KeyError)
    with check.raises():
        with outer:
            with inner:
                {}["k"]
            with inner:
                1 // 0
    check(inner.exception)
    check(outer.exception)
