from functools import wraps

_MISSING = object()


def memoize(func):
    cache = {}

    @wraps(func)
    def wrapper(*args, **kwargs):
        key = args + (_MISSING,) + tuple(sorted(kwargs.items())) if kwargs else args
        result = cache.get(key, _MISSING)
        if result is _MISSING:
            result = cache[key] = func(*args, **kwargs)
        return result

    return wrapper


def count_calls_fib(n):
    """Grading harness (do not change).

    Returns [fib(n), fib(n) again, lucas(n), calls of the fib body, calls of the lucas body,
    fib.__name__], where fib and lucas are two separately memoized recursive functions.
    """
    calls = {"fib": 0, "lucas": 0}

    @memoize
    def fib(k):
        """Fibonacci number k."""
        calls["fib"] += 1
        return k if k < 2 else fib(k - 1) + fib(k - 2)

    @memoize
    def lucas(k):
        """Lucas number k."""
        calls["lucas"] += 1
        return 2 - k if k < 2 else lucas(k - 1) + lucas(k - 2)

    first = fib(n)
    again = fib(n)
    return [first, again, lucas(n), calls["fib"], calls["lucas"], fib.__name__]
