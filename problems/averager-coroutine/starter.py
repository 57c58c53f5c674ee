import collections
import functools

Result = collections.namedtuple("Result", "count average")


class Reset(Exception):
    """Thrown into an averager to start again from nothing."""


def averager():
    """A coroutine: prime it with next(); each number sent yields the mean so far; sending
    None ends it, returning Result(count, average)."""
    ...


def primed(generator_function):
    """Decorator: the generators the function makes come back already primed."""
    ...


def grouped_averages(groups):
    """{key: Result} for {key: iterable of numbers}, through `yield from averager()`."""
    ...
