from functools import wraps


def retry(times, exceptions=(Exception,)):
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorator(func):
        @wraps(func)
        def wrapper(*args, **kwargs):
            attempts_left = times
            while True:
                attempts_left -= 1
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    if attempts_left == 0:
                        raise

        return wrapper

    return decorator
