from verdict import sample


class Script:
    """A function whose n-th call raises outcomes[n-1] when it is an exception, else returns it;
    it records every call's arguments."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls = []
        self.raised = []

    def __call__(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        outcome = self.outcomes[len(self.calls) - 1] if len(self.calls) <= len(self.outcomes) else "ok"
        if isinstance(outcome, BaseException):
            self.raised.append(outcome)
            raise outcome
        return outcome


@sample
def test_retries_until_it_works(solution, check):
    attempts = []

    @solution.retry(times=3, on=(ConnectionError,))
    def fetch(url):
        """Downloads a page."""
        attempts.append(url)
        if len(attempts) < 3:
            raise ConnectionError("reset by peer")
        return "<html>"

    check(fetch("example.com"))
    check(len(attempts))
    check(fetch.__name__)
    check(fetch.__doc__)


def test_gives_up_with_the_last_error(solution, check):
    script = Script(ValueError("first"), ValueError("second"), ValueError("third"), "never")
    wrapped = solution.retry(times=3, on=(ValueError,))(script)
    with check.raises() as caught:
        wrapped(1)
    check(len(script.calls))
    check(caught.exception is script.raised[-1], label="the very exception of the last attempt")


def test_other_errors_are_not_retried(solution, check):
    script = Script(KeyError("k"), "ok")
    wrapped = solution.retry(times=5, on=(ValueError, TypeError))(script)
    with check.raises():
        wrapped()
    check(len(script.calls))


def test_subclasses_and_a_single_class(solution, check):
    script = Script(FileNotFoundError("no file"), PermissionError("denied"), "opened")
    check(solution.retry(times=3, on=OSError)(script)("a.txt"))
    check(len(script.calls))
    lookup = Script(KeyError("a"), IndexError(0), "found")
    check(solution.retry(on=(LookupError,))(lookup)())


def test_arguments_reach_every_attempt(solution, check):
    script = Script(TimeoutError("slow"), "done")
    wrapped = solution.retry(times=2, on=(TimeoutError,))(script)
    check(wrapped(1, 2, key="v", flag=True))
    check(script.calls)


def test_times_one_means_no_retry(solution, check):
    script = Script(RuntimeError("once"), "too late")
    with check.raises():
        solution.retry(times=1)(script)()
    check(len(script.calls))


def test_default_is_three_attempts_on_any_exception(solution, check):
    script = Script(ZeroDivisionError("a"), KeyError("b"), AttributeError("c"), "d")
    with check.raises():
        solution.retry()(script)()
    check(len(script.calls))
    check(solution.retry()(Script(OSError("x"), OSError("y"), "third time"))())


def test_sleeps_with_backoff_between_attempts_only(solution, check):
    slept = []
    script = Script(ValueError(1), ValueError(2), ValueError(3), ValueError(4))
    wrapped = solution.retry(times=4, on=ValueError, delay=0.5, backoff=3, sleep=slept.append)(script)
    with check.raises():
        wrapped()
    check(slept, checker="float", abs=1e-9)
    slept.clear()
    check(solution.retry(times=4, delay=1, sleep=slept.append)(Script(ValueError(1), "ok"))())
    check(slept, checker="float", abs=1e-9)


def test_default_backoff_doubles(solution, check):
    slept = []
    wrapped = solution.retry(times=5, delay=0.25, sleep=slept.append)(Script(*[OSError(n) for n in range(4)], "up"))
    check(wrapped())
    check(slept, checker="float", abs=1e-9)


def test_no_delay_never_sleeps(solution, check):
    slept = []
    wrapped = solution.retry(times=3, sleep=slept.append)(Script(ValueError(1), ValueError(2), "fine"))
    check(wrapped())
    check(slept)


def test_each_call_starts_afresh(solution, check):
    script = Script(ValueError(1), "a", ValueError(2), ValueError(3), "b", ValueError(4), ValueError(5))
    wrapped = solution.retry(times=2, on=ValueError)(script)
    check.call(wrapped)
    check.call(wrapped)
    check(len(script.calls))
    check.call(wrapped)
    check(len(script.calls))


def test_wraps_keeps_the_metadata(solution, check):
    def area(width, height):
        """Width times height."""
        return width * height

    wrapped = solution.retry(times=2)(area)
    check(wrapped.__name__)
    check(wrapped.__doc__)
    check(wrapped.__qualname__)
    check(wrapped.__wrapped__ is area)
    check(wrapped(3, height=4))


def test_works_on_methods(solution, check):
    class Client:
        def __init__(self):
            self.tries = 0

        @solution.retry(times=4, on=(ConnectionError,))
        def get(self, path):
            self.tries += 1
            if self.tries < 3:
                raise ConnectionError("flaky")
            return "GET " + path

    client = Client()
    check(client.get("/users"))
    check(client.tries)
    check(Client.get.__name__)


def test_times_below_one_is_refused_at_once(solution, check):
    with check.raises():
        solution.retry(times=0)
    with check.raises():
        solution.retry(times=-2, on=ValueError)
