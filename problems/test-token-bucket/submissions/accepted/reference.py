import pytest

from ratelimit import TokenBucket


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now=100.0):
        self.now = now
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def bucket(clock):
    """3 tokens, 2 tokens per second."""
    return TokenBucket(capacity=3, refill_rate=2.0, clock=clock)


@pytest.fixture
def empty(bucket):
    assert bucket.try_acquire(3)
    return bucket


def test_attributes(bucket):
    assert bucket.capacity == 3
    assert bucket.refill_rate == 2.0


def test_a_new_bucket_is_full(bucket):
    assert bucket.available() == 3.0
    assert isinstance(bucket.available(), float)
    assert bucket.wait_time(3) == 0.0


def test_takes_tokens_until_empty(bucket):
    assert [bucket.try_acquire() for _ in range(4)] == [True, True, True, False]
    assert bucket.available() == 0.0


def test_takes_exactly_what_is_available(bucket):
    assert bucket.try_acquire(2) is True
    assert bucket.available() == 1.0
    assert bucket.try_acquire(1) is True
    assert bucket.available() == 0.0


def test_a_refused_acquire_takes_nothing(bucket, clock):
    assert bucket.try_acquire(2)
    assert bucket.try_acquire(2) is False
    assert bucket.available() == 1.0
    clock.advance(0.25)
    assert bucket.try_acquire(2) is False
    assert bucket.available() == 1.5


def test_refill_is_continuous(empty, clock):
    clock.advance(0.25)
    assert empty.available() == 0.5
    assert empty.try_acquire() is False
    clock.advance(0.25)
    assert empty.available() == 1.0
    assert empty.try_acquire() is True
    assert empty.available() == 0.0


def test_refill_stops_at_capacity(empty, clock):
    clock.advance(1000)
    assert empty.available() == 3.0
    assert isinstance(empty.available(), float)
    assert empty.try_acquire(3) is True
    assert empty.try_acquire() is False


def test_time_spent_full_is_lost(bucket, clock):
    clock.advance(10)
    assert bucket.try_acquire(3)
    clock.advance(0.5)
    assert bucket.available() == 1.0


def test_wait_time(empty, clock):
    assert empty.wait_time() == 0.5
    assert empty.wait_time(2) == 1.0
    assert empty.wait_time(3) == 1.5
    clock.advance(0.25)
    assert empty.wait_time(2) == 0.75
    clock.advance(0.75)
    assert empty.wait_time(2) == 0.0
    assert empty.available() == 2.0


def test_wait_time_is_zero_when_tokens_are_there(bucket):
    assert bucket.wait_time(1) == 0.0
    assert bucket.wait_time(3) == 0.0


def test_wait_time_takes_nothing(bucket):
    bucket.wait_time(3)
    assert bucket.available() == 3.0


@pytest.mark.parametrize("rate, wait", [(1.0, 2.0), (4.0, 0.5), (0.5, 4.0)])
def test_wait_time_depends_on_the_rate(clock, rate, wait):
    bucket = TokenBucket(capacity=2, refill_rate=rate, clock=clock)
    assert bucket.try_acquire(2)
    assert bucket.wait_time(2) == wait
    clock.advance(wait)
    assert bucket.try_acquire(2) is True


def test_waiting_wait_time_is_enough(empty, clock):
    clock.advance(empty.wait_time(3))
    assert empty.try_acquire(3) is True


def test_clock_going_back_changes_nothing(bucket, clock):
    assert bucket.try_acquire(2)
    clock.now = 50.0
    assert bucket.available() == 1.0
    assert bucket.try_acquire() is True
    assert bucket.available() == 0.0


def test_only_time_after_the_latest_seen_counts(empty, clock):
    clock.now = 90.0
    assert empty.available() == 0.0
    clock.now = 100.5
    assert empty.available() == 1.0


@pytest.mark.parametrize("tokens", [0, -1, 4, 1.5, True, None])
def test_bad_token_counts_are_refused(bucket, tokens):
    with pytest.raises(ValueError, match="^tokens must be between 1 and 3$"):
        bucket.try_acquire(tokens)
    with pytest.raises(ValueError, match="^tokens must be between 1 and 3$"):
        bucket.wait_time(tokens)
    assert bucket.available() == 3.0


def test_refused_arguments_do_not_read_the_clock(bucket, clock):
    calls = clock.calls
    with pytest.raises(ValueError):
        bucket.try_acquire(4)
    assert clock.calls == calls


def test_the_clock_is_read_once_per_call(clock):
    bucket = TokenBucket(capacity=3, refill_rate=2.0, clock=clock)
    assert clock.calls == 1
    bucket.try_acquire()
    bucket.available()
    bucket.wait_time()
    assert clock.calls == 4


def test_capacity_one(clock):
    bucket = TokenBucket(capacity=1, refill_rate=1, clock=clock)
    assert bucket.try_acquire(1) is True
    with pytest.raises(ValueError, match="^tokens must be between 1 and 1$"):
        bucket.try_acquire(2)


@pytest.mark.parametrize("capacity", [0, -5])
def test_capacity_below_one_is_refused(clock, capacity):
    with pytest.raises(ValueError, match="^capacity must be at least 1$"):
        TokenBucket(capacity=capacity, refill_rate=1.0, clock=clock)


@pytest.mark.parametrize("rate", [0, 0.0, -1.0])
def test_rate_must_be_positive(clock, rate):
    with pytest.raises(ValueError, match="^refill_rate must be positive$"):
        TokenBucket(capacity=1, refill_rate=rate, clock=clock)


def test_a_tiny_rate_is_accepted(clock):
    bucket = TokenBucket(capacity=1, refill_rate=0.001, clock=clock)
    assert bucket.try_acquire()
    assert bucket.wait_time() == pytest.approx(1000.0)
