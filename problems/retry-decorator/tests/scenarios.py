from verdict import sample


@sample
def test_succeeds_on_the_third_attempt(solution, check):
    calls = []

    @solution.retry(3)
    def flaky(x, y):
        """Scripted flaky operation."""
        calls.append((x, y))
        if len(calls) < 3:
            raise ValueError("attempt %d" % len(calls))
        return x + y

    check(flaky(5, y=3))
    check(len(calls))
    check(flaky.__name__)
    check(flaky.__doc__)


@sample
def test_other_exceptions_are_not_retried(solution, check):
    calls = []

    @solution.retry(3, exceptions=(ValueError,))
    def flaky():
        calls.append(1)
        raise KeyError("attempt %d" % len(calls))

    with check.raises():
        flaky()
    check(len(calls))


class Script:
    """A function whose attempt number i raises outcomes[i - 1] (a class), or returns x + y
    once the outcome is "ok" or the script has run out; it keeps what it was called with and
    every exception it raised."""

    def __init__(self, *outcomes):
        self.outcomes = outcomes
        self.calls = []
        self.raised = []

    def __call__(self, x, y):
        self.calls.append((x, y))
        attempt = len(self.calls)
        outcome = self.outcomes[attempt - 1] if attempt <= len(self.outcomes) else "ok"
        if outcome != "ok":
            self.raised.append(outcome("attempt %d" % attempt))
            raise self.raised[-1]
        return x + y


def test_the_first_attempt_succeeds(solution, check):
    script = Script("ok")
    check(solution.retry(1)(script)(5, y=3))
    check(len(script.calls))
    script = Script()
    check(solution.retry(5)(script)(5, y=3))
    check(len(script.calls))


def test_all_attempts_fail(solution, check):
    script = Script(ValueError, ValueError, ValueError)
    with check.raises() as escaped:
        solution.retry(3)(script)(5, y=3)
    check(escaped.exception is script.raised[-1])
    check(len(script.calls))


def test_one_attempt_that_fails(solution, check):
    script = Script(RuntimeError)
    with check.raises():
        solution.retry(1)(script)(5, y=3)
    check(len(script.calls))


def test_the_last_attempt_succeeds(solution, check):
    script = Script(RuntimeError, RuntimeError, RuntimeError, RuntimeError, "ok")
    check(solution.retry(5)(script)(5, y=3))
    check(len(script.calls))
    script = Script(ValueError, "ok")
    check(solution.retry(2)(script)(5, y=3))
    check(len(script.calls))


def test_more_attempts_than_needed(solution, check):
    script = Script(ZeroDivisionError)
    check(solution.retry(10)(script)(5, y=3))
    check(len(script.calls))


def test_times_below_one_is_refused_at_once(solution, check):
    with check.raises(message=False):
        solution.retry(0)
    with check.raises(message=False):
        solution.retry(-3)
    with check.raises(message=False):
        solution.retry(-3, exceptions=(KeyError,))


def test_subclasses_are_retried(solution, check):
    script = Script(KeyError, KeyError, "ok")
    check(solution.retry(3, exceptions=(LookupError,))(script)(5, y=3))
    check(len(script.calls))


def test_several_classes(solution, check):
    script = Script(KeyError, ValueError, "ok")
    check(solution.retry(4, exceptions=(ValueError, KeyError))(script)(5, y=3))
    check(len(script.calls))


def test_an_unlisted_class_stops_the_retries(solution, check):
    script = Script(ValueError, RuntimeError, "ok")
    with check.raises() as escaped:
        solution.retry(5, exceptions=(ValueError,))(script)(5, y=3)
    check(escaped.exception is script.raised[-1])
    check(len(script.calls))


def test_exhausted_with_a_filter(solution, check):
    script = Script(KeyError, KeyError)
    with check.raises():
        solution.retry(2, exceptions=(KeyError,))(script)(5, y=3)
    check(len(script.calls))


def test_arguments_reach_every_attempt(solution, check):
    seen = []

    @solution.retry(3)
    def flaky(*args, **kwargs):
        seen.append((args, kwargs))
        if len(seen) < 3:
            raise ValueError("again")
        return "done"

    check(flaky(1, [2], key="value"))
    check(seen)


def test_each_call_starts_from_the_first_attempt(solution, check):
    script = Script(ValueError, ValueError, "ok", ValueError, ValueError, "ok")
    decorated = solution.retry(3)(script)
    check(decorated(1, y=1))
    check(decorated(2, y=2))
    check(len(script.calls))


def test_wraps_keeps_the_function(solution, check):
    def original(a, b=2):
        """Adds."""
        return a + b

    decorated = solution.retry(2)(original)
    check([decorated.__name__, decorated.__doc__, decorated.__qualname__.split(".")[-1]])
    check(getattr(decorated, "__wrapped__", None) is original)
    check(decorated(1))
