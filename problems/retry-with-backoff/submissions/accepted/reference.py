import functools
import time


def retry(times=3, on=(Exception,), delay=0.0, backoff=2.0, sleep=time.sleep):
    """A decorator that calls the function up to `times` times while it raises one of `on`,
    sleeping delay, delay * backoff, ... between attempts; the last error is re-raised."""
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            pause = delay
            for attempt in range(times):
                try:
                    return function(*args, **kwargs)
                except on:
                    if attempt == times - 1:
                        raise
                if pause > 0:
                    sleep(pause)
                pause *= backoff

        return wrapper

    return decorate
