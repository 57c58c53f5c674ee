from verdict import sample


class FakeClock:
    """A clock the test moves by hand; it counts how often it is read."""

    def __init__(self, now=0.0):
        self.now = now
        self.reads = 0

    def __call__(self):
        self.reads += 1
        return self.now


def attempt(function, *args):
    """What one call did: its value, or the name and retry_after of the error it raised."""
    try:
        return ("ok", function(*args))
    except Exception as error:
        return (type(error).__name__, round(float(getattr(error, "retry_after", -1)), 6))


@sample
def test_two_calls_per_second(solution, check):
    clock = FakeClock()

    @solution.rate_limited(2, per=1.0, clock=clock)
    def ping(n):
        """Pings the server."""
        return n

    check(ping(1))
    check(ping(2))
    with check.raises():
        ping(3)
    clock.now = 1.0
    check(ping(4))
    check(ping.__name__)


def test_the_window_slides(solution, check):
    clock = FakeClock()
    limited = solution.rate_limited(3, per=10, clock=clock)(lambda n: n)
    results = []
    for at in [0, 2, 4, 6, 9.5, 10, 11.5, 12, 14, 14.5, 16]:
        clock.now = at
        results.append((at, attempt(limited, at)))
    check(results)


def test_retry_after_and_message(solution, check):
    clock = FakeClock(100.0)
    send = solution.rate_limited(2, per=4.0, clock=clock)(lambda: "sent")
    send()
    clock.now = 101.5
    send()
    clock.now = 102.75
    with check.raises() as refused:
        send()
    check(refused.exception.retry_after, checker="float", abs=1e-9)
    check(isinstance(refused.exception, RuntimeError))
    check(type(refused.exception) is solution.RateLimitExceeded)
    clock.now = 103.5
    with check.raises():
        send()


def test_a_call_exactly_one_window_later_is_allowed(solution, check):
    clock = FakeClock()
    limited = solution.rate_limited(1, per=0.5, clock=clock)(lambda: "hi")
    check(limited())
    clock.now = 0.25
    check(attempt(limited))
    clock.now = 0.5
    check(attempt(limited))
    clock.now = 0.75
    check(attempt(limited))


def test_refused_calls_do_not_count(solution, check):
    clock = FakeClock()
    calls = []
    limited = solution.rate_limited(2, per=1, clock=clock)(calls.append)
    out = []
    for at in [0, 0, 0.25, 0.5, 0.75, 1.0, 1.0, 1.25]:
        clock.now = at
        out.append(attempt(limited, at))
    check(out)
    check(calls)


def test_each_decorated_function_has_its_own_window(solution, check):
    clock = FakeClock()
    limit = solution.rate_limited(1, per=60, clock=clock)
    read = limit(lambda: "read")
    write = limit(lambda: "write")
    check(attempt(read))
    check(attempt(write))
    check(attempt(read))
    check(attempt(write))


def test_failing_calls_still_count(solution, check):
    clock = FakeClock()

    @solution.rate_limited(2, per=5, clock=clock)
    def divide(a, b):
        return a / b

    with check.raises():
        divide(1, 0)
    check(divide(6, b=3))
    check(attempt(divide, 1, 1))


def test_arguments_pass_through_and_metadata_is_kept(solution, check):
    clock = FakeClock()

    @solution.rate_limited(5, per=1, clock=clock)
    def greet(name, *, punctuation="!"):
        """Says hello."""
        return "hello " + name + punctuation

    check(greet("ada", punctuation="?"))
    check(greet.__name__)
    check(greet.__doc__)
    check(greet.__wrapped__("bob"))


def test_the_clock_is_read_once_per_call(solution, check):
    clock = FakeClock()
    limited = solution.rate_limited(2, per=1, clock=clock)(lambda: 0)
    check(clock.reads, label="decorating reads no time")
    limited()
    limited()
    attempt(limited)
    check(clock.reads)


def test_long_quiet_periods_reset_everything(solution, check):
    clock = FakeClock()
    limited = solution.rate_limited(3, per=2, clock=clock)(lambda: "ok")
    for _ in range(3):
        limited()
    check(attempt(limited))
    clock.now = 1000
    check([attempt(limited) for _ in range(4)])


def test_bad_limits_are_refused(solution, check):
    with check.raises():
        solution.rate_limited(0, per=1)
    with check.raises():
        solution.rate_limited(1, per=0)
    with check.raises():
        solution.rate_limited(3, per=-2.5)
    check(solution.rate_limited(1, per=0.001, clock=FakeClock())(lambda: "tiny window")())


def test_works_on_methods(solution, check):
    clock = FakeClock()

    class Api:
        def __init__(self, name):
            self.name = name

        @solution.rate_limited(1, per=1, clock=clock)
        def call(self):
            return self.name

    first, second = Api("a"), Api("b")
    check(first.call())
    check(attempt(second.call), label="the limit is per function, shared by instances")
    clock.now = 1
    check(second.call())
