import pytest

from ratelimit import TokenBucket


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now=100.0):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


def test_a_new_bucket_lets_one_request_through(clock):
    bucket = TokenBucket(capacity=3, refill_rate=2.0, clock=clock)
    assert bucket.try_acquire() is True
