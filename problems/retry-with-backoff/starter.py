import functools
import time


def retry(times=3, on=(Exception,), delay=0.0, backoff=2.0, sleep=time.sleep):
    """A decorator factory: the decorated function is attempted up to `times` times while it
    raises one of `on`, with sleep(delay), sleep(delay * backoff), ... between attempts; the
    last attempt's exception is re-raised."""
    ...
