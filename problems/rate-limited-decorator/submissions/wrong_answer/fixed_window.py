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

    def decorate(function):
        window_start = None
        count = 0

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            # A fixed window: the count resets every `per` seconds, so bursts at a window's
            # edge let through twice the limit.
            nonlocal window_start, count
            now = clock()
            if window_start is None or now - window_start >= per:
                window_start, count = now, 0
            if count >= calls:
                raise RateLimitExceeded(window_start + per - now)
            count += 1
            return function(*args, **kwargs)

        return wrapper

    return decorate
