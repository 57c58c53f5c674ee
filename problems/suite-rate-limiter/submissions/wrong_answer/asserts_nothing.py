from ratelimit import RateLimiter


def test_methods_run():
    now = [0.0]
    limiter = RateLimiter(limit=2, window=10, clock=lambda: now[0])
    for _ in range(5):
        limiter.allow("a")
    limiter.remaining("a")
    limiter.retry_after("a")
    limiter.reset("a")
    limiter.reset()
