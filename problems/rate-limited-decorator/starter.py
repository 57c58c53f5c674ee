import collections
import functools
import time


class RateLimitExceeded(RuntimeError):
    """A call refused by a rate limit; `retry_after` is the number of seconds to wait."""

    def __init__(self, retry_after):
        ...


def rate_limited(calls, per, clock=time.monotonic):
    """A decorator factory: at most `calls` calls in any window of `per` seconds, read from
    `clock()`; a call over the limit raises RateLimitExceeded."""
    ...
