import asyncio

from verdict import sample


class VirtualClockLoop(asyncio.SelectorEventLoop):
    """An event loop whose clock moves only when every task waits: it jumps to the next timer
    at once, so `asyncio.sleep(5)` takes no real time and timings are exact and repeatable."""

    def __init__(self):
        super().__init__()
        self.now = 0.0
        poll = self._selector.select

        def select(timeout=None):
            if timeout is None:
                raise RuntimeError("deadlock: every task waits and no timer is set")
            self.now += timeout
            return poll(0)

        self._selector.select = select

    def time(self):
        return self.now


def run(coroutine):
    """asyncio.run on the virtual clock."""
    with asyncio.Runner(loop_factory=VirtualClockLoop) as runner:
        return runner.run(coroutine)


async def timed(awaitable):
    """The awaitable's result and the (virtual) seconds it took."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    result = await awaitable
    return result, loop.time() - start


def sleeper(delay, value, log=None):
    """A job: sleeps `delay` seconds, then returns `value`; logs its start, end or cancellation."""
    async def job():
        if log is not None:
            log.append("start %s" % value)
        try:
            await asyncio.sleep(delay)
        except asyncio.CancelledError:
            if log is not None:
                log.append("cancelled %s" % value)
            raise
        if log is not None:
            log.append("end %s" % value)
        return value
    return job


def failing(delay, error):
    async def job():
        await asyncio.sleep(delay)
        raise error
    return job


@sample
def test_slow_jobs_time_out(solution, check):
    async def job(delay, value):
        await asyncio.sleep(delay)
        return value

    jobs = [lambda: job(0.001, "fast"), lambda: job(10, "slow"), lambda: job(0.002, "also fast")]
    check(run(solution.gather_with_timeouts(jobs, 0.5)))


def test_all_in_time_keep_job_order(solution, check):
    jobs = [sleeper(0.3, "a"), sleeper(0.1, "b"), sleeper(0.2, "c")]
    results, elapsed = run(timed(solution.gather_with_timeouts(jobs, 1.0)))
    check(results)
    check(elapsed, checker="float", abs=1e-6, label="waits only for the slowest job")


def test_jobs_run_concurrently(solution, check):
    log = []
    jobs = [sleeper(0.5, n, log) for n in range(5)]
    results, elapsed = run(timed(solution.gather_with_timeouts(jobs, 2.0)))
    check(results)
    check(elapsed, checker="float", abs=1e-6)
    check(log[:5], label="every job starts before any ends")


def test_each_job_has_its_own_deadline(solution, check):
    jobs = [sleeper(0.9, "in time"), sleeper(1.5, "late"), sleeper(0.2, "quick"), sleeper(30, "stuck")]
    results, elapsed = run(timed(solution.gather_with_timeouts(jobs, 1.0)))
    check(results)
    check(elapsed, checker="float", abs=1e-6, label="the deadline, not the slowest job")


def test_everything_times_out(solution, check):
    jobs = [sleeper(5, "x"), sleeper(6, "y")]
    results, elapsed = run(timed(solution.gather_with_timeouts(jobs, 0.25)))
    check(results)
    check(elapsed, checker="float", abs=1e-6)


def test_timed_out_jobs_are_cancelled_before_it_returns(solution, check):
    log = []

    async def main():
        results = await solution.gather_with_timeouts(
            [sleeper(0.1, "a", log), sleeper(9, "b", log), sleeper(0.2, "c", log)], 1.0)
        return results, list(log)

    results, seen = run(main())
    check(results)
    check(sorted(seen))


def test_errors_are_returned_in_place(solution, check):
    jobs = [sleeper(0.1, 1), failing(0.2, KeyError("missing")), sleeper(0.3, 3),
            failing(0, ValueError("bad input"))]
    results = run(solution.gather_with_timeouts(jobs, 1.0))
    check(results)


def test_a_job_that_raises_when_called(solution, check):
    def broken():
        raise RuntimeError("cannot start")

    results = run(solution.gather_with_timeouts([sleeper(0.1, "fine"), broken, sleeper(2, "slow")], 1.0))
    check(results)


def test_none_is_a_result_not_a_timeout(solution, check):
    async def nothing():
        await asyncio.sleep(0.1)

    check(run(solution.gather_with_timeouts([nothing, sleeper(3, None)], 0.5)))


def test_no_jobs(solution, check):
    results, elapsed = run(timed(solution.gather_with_timeouts([], 1.0)))
    check(results)
    check(elapsed, checker="float", abs=1e-6)


def test_timeout_must_be_positive(solution, check):
    called = []

    def job():
        called.append(1)
        return asyncio.sleep(0)

    with check.raises():
        run(solution.gather_with_timeouts([job], 0))
    with check.raises():
        run(solution.gather_with_timeouts([job], -1.5))
    check(called)


def test_jobs_from_any_iterable(solution, check):
    jobs = (sleeper(d, "job %d" % d) for d in (3, 1, 2))
    check(run(solution.gather_with_timeouts(jobs, 2.5)))
