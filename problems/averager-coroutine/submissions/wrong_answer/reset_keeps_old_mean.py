import collections
import functools

Result = collections.namedtuple("Result", "count average")


class Reset(Exception):
    pass


def averager():
    total = 0.0
    count = 0
    average = None
    while True:
        try:
            value = yield average
        except Reset:
            total, count = 0.0, 0  # the old mean is still what it yields next
            continue
        if value is None:
            return Result(count, average)
        if not isinstance(value, (int, float)):  # True and False slip through
            raise TypeError(f"expected a number, got {type(value).__name__}")
        total += value
        count += 1
        average = total / count


def primed(generator_function):
    def start(*args, **kwargs):  # no functools.wraps
        generator = generator_function(*args, **kwargs)
        next(generator)
        return generator

    return start


def _grouper(results, key):
    while True:
        results[key] = yield from averager()


def grouped_averages(groups):
    results = {}
    for key, values in groups.items():
        group = _grouper(results, key)
        next(group)
        for value in values:
            group.send(value)
        group.send(None)
    return results
