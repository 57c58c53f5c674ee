import pytest

from ratelimit import TokenBucket


@pytest.fixture
def bucket():
    return TokenBucket(capacity=3, refill_rate=2.0)


def test_calls_do_not_crash(bucket):
    bucket.try_acquire()
    bucket.available()
    bucket.wait_time(2)
