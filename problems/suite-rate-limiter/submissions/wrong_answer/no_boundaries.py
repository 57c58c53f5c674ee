import pytest

from ratelimit import RateLimiter


class Clock:
    now = 100.0

    def __call__(self):
        return self.now


def test_limit_and_expiry():
    clock = Clock()
    limiter = RateLimiter(limit=2, window=10, clock=clock)
    assert [limiter.allow("a") for _ in range(3)] == [True, True, False]
    clock.now = 111.0
    assert limiter.allow("a")


def test_keys_independent():
    limiter = RateLimiter(limit=1, window=10, clock=Clock())
    assert limiter.allow("a") and limiter.allow("b")


def test_bad_limit():
    with pytest.raises(ValueError):
        RateLimiter(limit=-1, window=10)
