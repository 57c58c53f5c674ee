from ratelimit import RateLimiter


def test_allows_then_refuses():
    now = [0.0]
    limiter = RateLimiter(limit=2, window=10, clock=lambda: now[0])
    assert limiter.allow("a")
    assert limiter.allow("a")
    assert not limiter.allow("a")


def test_allows_again_much_later():
    now = [0.0]
    limiter = RateLimiter(limit=1, window=10, clock=lambda: now[0])
    assert limiter.allow("a")
    now[0] = 100.0
    assert limiter.allow("a")
