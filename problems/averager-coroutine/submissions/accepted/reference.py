import collections
import functools

Result = collections.namedtuple("Result", "count average")


class Reset(Exception):
    """Thrown into an averager to start again from nothing."""


def averager():
    """A coroutine: each number sent in yields the mean so far; None ends it, returning a Result."""
    total = 0.0
    count = 0
    average = None
    while True:
        try:
            value = yield average
        except Reset:
            total, count, average = 0.0, 0, None
            continue
        if value is None:
            return Result(count, average)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"expected a number, got {type(value).__name__}")
        total += value
        count += 1
        average = total / count


def primed(generator_function):
    """Decorates a generator function so that the generators it makes start primed."""

    @functools.wraps(generator_function)
    def start(*args, **kwargs):
        generator = generator_function(*args, **kwargs)
        next(generator)
        return generator

    return start


def _grouper(results, key):
    while True:
        results[key] = yield from averager()


def grouped_averages(groups):
    """{key: Result} for {key: iterable of numbers}, each group averaged by a delegated averager."""
    results = {}
    for key, values in groups.items():
        group = _grouper(results, key)
        next(group)
        for value in values:
            group.send(value)
        group.send(None)
    return results
