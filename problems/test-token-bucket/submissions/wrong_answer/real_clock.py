import time

import pytest

from ratelimit import TokenBucket


@pytest.fixture
def bucket():
    return TokenBucket(capacity=3, refill_rate=100.0)


def test_burst_is_limited(bucket):
    results = [bucket.try_acquire() for _ in range(3)]
    assert results == [True, True, True]


def test_refills_after_a_while(bucket):
    assert bucket.try_acquire(3)
    time.sleep(0.05)
    assert bucket.try_acquire()
    assert bucket.available() <= 3


def test_bad_arguments(bucket):
    with pytest.raises(ValueError):
        bucket.try_acquire(0)
    with pytest.raises(ValueError):
        TokenBucket(capacity=0, refill_rate=1.0)
