"""A token-bucket rate limiter with an injectable clock."""
import time


class TokenBucket:
    """Holds up to `capacity` tokens, refilled continuously at `refill_rate` tokens per second."""

    def __init__(self, capacity, refill_rate, clock=time.monotonic):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        if refill_rate <= 0:
            raise ValueError("refill_rate must be positive")
        self.capacity = capacity
        self.refill_rate = refill_rate
        self._clock = clock
        self._tokens = float(capacity)
        self._last = clock()

    def _refill(self):
        now = self._clock()
        if now > self._last:
            self._tokens = min(float(self.capacity), self._tokens + (now - self._last) * self.refill_rate)
            self._last = now

    def _check(self, tokens):
        if isinstance(tokens, bool) or not isinstance(tokens, int) or not 1 <= tokens <= self.capacity:
            raise ValueError(f"tokens must be between 1 and {self.capacity}")

    def try_acquire(self, tokens=1):
        """Take `tokens` tokens and return True, or return False and take none."""
        self._check(tokens)
        self._refill()
        if self._tokens >= tokens:
            self._tokens -= tokens
            return True
        return False

    def available(self):
        """The tokens in the bucket now."""
        self._refill()
        return self._tokens

    def wait_time(self, tokens=1):
        """Seconds until try_acquire(tokens) would succeed, if nothing else takes tokens."""
        self._check(tokens)
        self._refill()
        return max(0.0, (tokens - self._tokens) * self.refill_rate)
