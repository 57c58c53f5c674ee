import functools


def memoize(func):
    cache = {}

    @functools.wraps(func)
    def wrapper(*args):
        if cache.get(args):
            return cache[args]
        result = func(*args)
        cache[args] = result
        return result

    return wrapper
