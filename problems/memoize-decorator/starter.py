import functools


def memoize(func):
    """Cache func's results by its arguments."""
    ...
