import functools
import time


def retry(times=3, on=(Exception,), delay=0.0, backoff=2.0, sleep=time.sleep):
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorate(function):
        attempts = 0

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            nonlocal attempts
            pause = delay
            while True:
                attempts += 1  # counted across calls, never reset
                try:
                    return function(*args, **kwargs)
                except on:
                    if attempts >= times:
                        raise
                if pause > 0:
                    sleep(pause)
                pause *= backoff

        return wrapper

    return decorate
