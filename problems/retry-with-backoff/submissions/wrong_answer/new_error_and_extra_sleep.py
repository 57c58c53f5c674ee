import functools
import time


def retry(times=3, on=(Exception,), delay=0.0, backoff=2.0, sleep=time.sleep):
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            pause = delay
            last = None
            for attempt in range(times):
                try:
                    return function(*args, **kwargs)
                except on as error:
                    last = error
                if pause > 0:
                    sleep(pause)  # sleeps after the last attempt too
                pause *= backoff
            raise type(last)(*last.args)  # a copy, not the error itself

        return wrapper

    return decorate
