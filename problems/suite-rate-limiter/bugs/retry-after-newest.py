"""A sliding-window rate limiter per key, with an injectable clock."""
import time
from collections import deque


class RateLimiter:
    def __init__(self, limit, window, clock=time.monotonic):
        if not isinstance(limit, int) or limit < 1:
            raise ValueError("limit must be a positive integer")
        if window <= 0:
            raise ValueError("window must be positive")
        self.limit = limit
        self.window = window
        self._clock = clock
        self._calls = {}

    def _recent(self, key, now):
        calls = self._calls.get(key)
        if calls is None:
            calls = self._calls[key] = deque()
        while calls and calls[0] + self.window <= now:
            calls.popleft()
        return calls

    def allow(self, key):
        now = self._clock()
        calls = self._recent(key, now)
        if len(calls) >= self.limit:
            return False
        calls.append(now)
        return True

    def remaining(self, key):
        return self.limit - len(self._recent(key, self._clock()))

    def retry_after(self, key):
        now = self._clock()
        calls = self._recent(key, now)
        if len(calls) < self.limit:
            return 0.0
        return calls[-1] + self.window - now

    def reset(self, key=None):
        if key is None:
            self._calls.clear()
        else:
            self._calls.pop(key, None)
