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
