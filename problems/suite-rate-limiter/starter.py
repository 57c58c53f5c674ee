import pytest

from ratelimit import RateLimiter


class FakeClock:
    def __init__(self, start=100.0):
        self.now = start

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


def test_first_call_is_allowed(clock):
    limiter = RateLimiter(limit=1, window=10, clock=clock)
    assert limiter.allow("alice") is True
