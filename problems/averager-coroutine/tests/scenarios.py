from verdict import sample


def finish(coroutine):
    """Sends None and returns what the coroutine returned (StopIteration.value)."""
    try:
        coroutine.send(None)
    except StopIteration as stop:
        return stop.value
    return "still running"


@sample
def test_running_mean(solution, check):
    avg = solution.averager()
    check(next(avg))
    check(avg.send(10))
    check(avg.send(30))
    check(avg.send(5))


def test_none_ends_it_with_a_result(solution, check):
    avg = solution.averager()
    next(avg)
    avg.send(4)
    avg.send(5)
    result = finish(avg)
    check(result)
    check(getattr(result, "count", None))
    check(getattr(result, "average", None), checker="float", abs=1e-12)
    check(isinstance(result, tuple))
    with check.raises(message=False):
        avg.send(1)


def test_nothing_sent(solution, check):
    avg = solution.averager()
    next(avg)
    check(finish(avg))


def test_floats_and_negatives(solution, check):
    avg = solution.averager()
    next(avg)
    check([avg.send(v) for v in [1.5, -2.5, 4, 0]], checker="float", abs=1e-12)
    check(type(avg.send(2)))
    check(finish(avg))


def test_must_be_primed(solution, check):
    avg = solution.averager()
    with check.raises(message=False):
        avg.send(3)


def test_not_a_number(solution, check):
    avg = solution.averager()
    next(avg)
    avg.send(2)
    with check.raises():
        avg.send("7")
    with check.raises(message=False, label="a coroutine that raised is finished"):
        avg.send(7)
    flags = solution.averager()
    next(flags)
    with check.raises():
        flags.send(True)
    lists = solution.averager()
    next(lists)
    with check.raises():
        lists.send([1, 2])


def test_reset_by_throw(solution, check):
    avg = solution.averager()
    next(avg)
    avg.send(100)
    avg.send(200)
    check(avg.throw(solution.Reset), label="throw returns what the coroutine yields next")
    check(avg.send(1))
    check(avg.send(2))
    check(finish(avg))
    check(issubclass(solution.Reset, Exception))


def test_other_thrown_errors_end_it(solution, check):
    avg = solution.averager()
    next(avg)
    avg.send(1)
    with check.raises():
        avg.throw(ValueError("stop"))
    with check.raises(message=False):
        next(avg)


def test_each_averager_is_independent(solution, check):
    a, b = solution.averager(), solution.averager()
    next(a)
    next(b)
    check(a.send(10))
    check(b.send(1))
    check(a.send(20))
    check(finish(b))
    check(finish(a))


def test_primed_decorator(solution, check):
    start = solution.primed(solution.averager)
    avg = start()
    check(avg.send(8))
    check(avg.send(4))
    check(start.__name__)

    @solution.primed
    def echo(prefix, *, suffix=""):
        """Echoes what it is sent."""
        received = yield "ready"
        while True:
            received = yield prefix + received + suffix

    e = echo(">", suffix="!")
    check(e.send("hi"))
    check(e.send("yo"))
    check(echo.__doc__)
    check(echo.__wrapped__ is not echo)


def test_primed_runs_to_the_first_yield(solution, check):
    steps = []

    def steps_taken():
        steps.append("started")
        yield
        steps.append("resumed")
        yield

    gen = solution.primed(steps_taken)()
    check(steps)
    next(gen)
    check(steps)


def test_grouped_averages(solution, check):
    data = {"girls;kg": [40.9, 38.5, 44.3], "boys;kg": [39.0, 40.8], "empty": [], "one": [7]}
    results = solution.grouped_averages(data)
    check(list(results), label="keys in the order of the groups")
    check(results["boys;kg"].count)
    check(results["girls;kg"].average, checker="float", abs=1e-9)
    check(results["empty"])
    check(results["one"])


def test_grouped_averages_with_generators(solution, check):
    data = {n: (i * n for i in range(1, 4)) for n in [1, 2, 3]}
    results = solution.grouped_averages(data)
    check([(k, r.count, r.average) for k, r in results.items()], checker="float", abs=1e-12)
    with check.raises():
        solution.grouped_averages({"bad": [1, "x"]})
