import time

import pytest

from ratelimit import RateLimiter


class FakeClock:
    def __init__(self, start=100.0):
        self.now = start
        self.reads = 0

    def __call__(self):
        self.reads += 1
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def limiter(clock):
    return RateLimiter(limit=3, window=10, clock=clock)


def test_allows_up_to_the_limit_then_refuses(limiter):
    assert [limiter.allow("a") for _ in range(5)] == [True, True, True, False, False]


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_exactly_limit_calls_within_the_window(clock, limit):
    limiter = RateLimiter(limit=limit, window=60, clock=clock)
    results = []
    for _ in range(limit + 2):
        results.append(limiter.allow("k"))
        clock.advance(1)
    assert results == [True] * limit + [False, False]


def test_a_call_stops_counting_exactly_window_seconds_later(limiter, clock):
    for _ in range(3):
        assert limiter.allow("a")
    clock.advance(9.5)
    assert limiter.allow("a") is False
    assert limiter.remaining("a") == 0
    clock.advance(0.5)  # exactly t + window
    assert limiter.remaining("a") == 3
    assert limiter.retry_after("a") == 0.0
    assert limiter.allow("a") is True


def test_the_window_slides_call_by_call(limiter, clock):
    limiter.allow("a")           # t=100
    clock.advance(4)
    limiter.allow("a")           # t=104
    clock.advance(4)
    limiter.allow("a")           # t=108
    assert limiter.allow("a") is False
    clock.advance(2)             # t=110: the call of 100 expires
    assert limiter.remaining("a") == 1
    assert limiter.allow("a") is True
    assert limiter.allow("a") is False
    clock.advance(3.75)          # t=113.75: the call of 104 is still counting
    assert limiter.allow("a") is False
    clock.advance(0.25)          # t=114
    assert limiter.allow("a") is True


def test_refused_calls_do_not_count(clock):
    limiter = RateLimiter(limit=2, window=10, clock=clock)
    assert limiter.allow("a") and limiter.allow("a")
    for _ in range(5):
        clock.advance(1)
        assert limiter.allow("a") is False
    clock.advance(5)  # t=110: both counted calls expired; the refusals never counted
    assert limiter.remaining("a") == 2
    assert limiter.allow("a") is True
    assert limiter.allow("a") is True
    assert limiter.allow("a") is False


def test_keys_are_independent(limiter):
    for _ in range(3):
        assert limiter.allow("alice")
    assert limiter.allow("alice") is False
    assert limiter.allow("bob") is True
    assert limiter.remaining("bob") == 2
    assert limiter.remaining(("tenant", 7)) == 3


def test_remaining_counts_down_and_never_below_zero(limiter):
    assert limiter.remaining("a") == 3
    counts = []
    for _ in range(5):
        limiter.allow("a")
        counts.append(limiter.remaining("a"))
    assert counts == [2, 1, 0, 0, 0]


def test_remaining_does_not_record_a_call(limiter):
    for _ in range(10):
        assert limiter.remaining("a") == 3
    assert limiter.allow("a")
    assert limiter.remaining("a") == 2


@pytest.mark.parametrize("start", [0.0, 1e9])
def test_every_method_uses_the_injected_clock(start):
    clock = FakeClock(start)
    limiter = RateLimiter(limit=2, window=10, clock=clock)
    assert limiter.allow("a")
    assert limiter.remaining("a") == 1
    assert limiter.retry_after("a") == 0.0
    assert limiter.allow("a")
    assert limiter.remaining("a") == 0
    assert limiter.retry_after("a") == 10.0
    clock.advance(10)
    assert limiter.remaining("a") == 2
    assert limiter.retry_after("a") == 0.0
    assert clock.reads >= 8


def test_retry_after_waits_for_the_oldest_call(limiter, clock):
    assert limiter.retry_after("a") == 0.0
    limiter.allow("a")           # t=100
    clock.advance(2)
    limiter.allow("a")           # t=102
    assert limiter.retry_after("a") == 0.0
    clock.advance(3)
    limiter.allow("a")           # t=105
    assert limiter.retry_after("a") == 5.0   # the call of 100 expires at 110
    clock.advance(4.5)
    assert limiter.retry_after("a") == 0.5
    clock.advance(0.5)
    assert limiter.retry_after("a") == 0.0
    assert limiter.allow("a") is True
    assert limiter.retry_after("a") == 2.0   # now the call of 102 is the oldest, expires at 112


def test_retry_after_is_a_float(limiter):
    for _ in range(3):
        limiter.allow("a")
    assert isinstance(limiter.retry_after("a"), float)
    assert isinstance(limiter.retry_after("b"), float)


def test_retry_after_with_a_float_window(clock):
    limiter = RateLimiter(limit=1, window=2.5, clock=clock)
    limiter.allow("a")
    clock.advance(0.5)
    assert limiter.retry_after("a") == pytest.approx(2.0)
    clock.advance(2)
    assert limiter.allow("a") is True


def test_reset_one_key_keeps_the_others(limiter):
    for key in ("a", "b"):
        for _ in range(3):
            limiter.allow(key)
    limiter.reset("a")
    assert limiter.remaining("a") == 3
    assert limiter.allow("a") is True
    assert limiter.remaining("b") == 0
    assert limiter.allow("b") is False


def test_reset_everything(limiter):
    for key in ("a", "b"):
        for _ in range(3):
            limiter.allow(key)
    limiter.reset()
    assert limiter.remaining("a") == 3
    assert limiter.remaining("b") == 3


def test_reset_an_unknown_key_is_fine(limiter):
    limiter.allow("a")
    limiter.reset("nobody")
    assert limiter.remaining("a") == 2


def test_the_default_clock_is_the_monotonic_clock():
    limiter = RateLimiter(limit=1, window=3600)
    assert limiter.allow("a") is True
    assert limiter.allow("a") is False
    assert 3599 < limiter.retry_after("a") <= 3600


@pytest.mark.parametrize("limit", [0, -1, 2.5, "3", None])
def test_bad_limits_are_refused(clock, limit):
    with pytest.raises(ValueError):
        RateLimiter(limit=limit, window=10, clock=clock)


@pytest.mark.parametrize("window", [0, -1, -0.5, 0.0])
def test_bad_windows_are_refused(clock, window):
    with pytest.raises(ValueError):
        RateLimiter(limit=1, window=window, clock=clock)


def test_smallest_valid_values(clock):
    limiter = RateLimiter(limit=1, window=0.25, clock=clock)
    assert limiter.allow("a") and not limiter.allow("a")
    clock.advance(0.25)
    assert limiter.allow("a")
