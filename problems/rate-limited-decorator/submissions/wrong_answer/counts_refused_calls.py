import collections
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
        seen = collections.deque()

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            now = clock()
            while seen and seen[0] <= now - per:
                seen.popleft()
            seen.append(now)  # recorded before the check: refused calls use up the window
            if len(seen) > calls:
                raise RateLimitExceeded(seen[-calls - 1] + per - now)
            return function(*args, **kwargs)

        return wrapper

    return decorate
