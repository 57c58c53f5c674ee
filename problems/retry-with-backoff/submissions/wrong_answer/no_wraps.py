import time


def retry(times=3, on=(Exception,), delay=0.0, backoff=2.0, sleep=time.sleep):
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorate(function):
        def wrapper(*args, **kwargs):
            pause = delay
            for attempt in range(1, times + 1):
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
