import collections
import functools
import time


class RateLimitExceeded(RuntimeError):
    """A call refused by a rate limit; `retry_after` says how many seconds until one is allowed."""

    def __init__(self, retry_after):
        super().__init__(f"rate limit exceeded; retry in {retry_after:.2f}s")
        self.retry_after = retry_after


def rate_limited(calls, per, clock=time.monotonic):
    """Allows at most `calls` calls in any window of `per` seconds, as read from `clock`."""
    if calls < 1:
        raise ValueError("calls must be at least 1")
    if per <= 0:
        raise ValueError("per must be positive")

    def decorate(function):
        accepted = collections.deque()

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            now = clock()
            while accepted and accepted[0] <= now - per:
                accepted.popleft()
            if len(accepted) >= calls:
                raise RateLimitExceeded(accepted[0] + per - now)
            accepted.append(now)
            return function(*args, **kwargs)

        return wrapper

    return decorate
