import functools
import time


class RateLimitExceeded(RuntimeError):
    def __init__(self, retry_after):
        super().__init__(f"rate limit exceeded; retry in {retry_after:.2f}s")
        self.retry_after = retry_after


def rate_limited(calls, per, clock=time.monotonic):
    if calls < 1:
        raise ValueError("calls must be at least 1")
    if per <= 0:
        raise ValueError("per must be positive")
    accepted = []  # one list for every function this limiter decorates

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            now = clock()
            accepted[:] = [t for t in accepted if t > now - per]
            if len(accepted) >= calls:
                raise RateLimitExceeded(accepted[0] + per - now)
            accepted.append(now)
            return function(*args, **kwargs)

        return wrapper

    return decorate
