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
            total, count, average = 0.0, 0, None
            continue
        if value is None:
            yield Result(count, average)  # yields the result instead of returning it
            return
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"expected a number, got {type(value).__name__}")
        total += value
        count += 1
        average = total / count


def primed(generator_function):
    @functools.wraps(generator_function)
    def start(*args, **kwargs):
        generator = generator_function(*args, **kwargs)
        next(generator)
        return generator

    return start


def grouped_averages(groups):
    results = {}
    for key, values in groups.items():
        avg = averager()
        next(avg)
        for value in values:
            avg.send(value)
        results[key] = avg.send(None)
    return results
