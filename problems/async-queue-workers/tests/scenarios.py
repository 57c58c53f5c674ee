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


class Workshop:
    """A handle(item) that takes `durations[item]` seconds (default 1), fails for the items in
    `failing`, and records starts, the peak number in flight and how far the source ran ahead."""

    def __init__(self, durations=None, failing=()):
        self.durations = durations or {}
        self.failing = set(failing)
        self.started = []
        self.active = 0
        self.peak = 0
        self.pulled = 0
        self.widest_gap = 0

    def source(self, items):
        for item in items:
            self.pulled += 1
            self.widest_gap = max(self.widest_gap, self.pulled - len(self.started))
            yield item

    async def handle(self, item):
        self.started.append(item)
        self.active += 1
        self.peak = max(self.peak, self.active)
        try:
            await asyncio.sleep(self.durations.get(item, 1))
            if item in self.failing:
                raise ValueError("cannot handle %r" % (item,))
            return "done %s" % (item,)
        finally:
            self.active -= 1


async def timed(awaitable):
    loop = asyncio.get_running_loop()
    start = loop.time()
    result = await awaitable
    return result, loop.time() - start, len(asyncio.all_tasks())


@sample
def test_two_workers_keep_input_order(solution, check):
    async def double(n):
        await asyncio.sleep(n / 100)
        return n * 2

    check(run(solution.run_pipeline([3, 1, 2], double, workers=2)))


def test_results_follow_the_items_not_the_finish(solution, check):
    shop = Workshop(durations={"a": 5, "b": 1, "c": 3, "d": 0.5})
    results, elapsed, tasks = run(timed(solution.run_pipeline(["a", "b", "c", "d"], shop.handle, workers=3)))
    check(results)
    check(elapsed, checker="float", abs=1e-6)


def test_never_more_workers_than_asked(solution, check):
    shop = Workshop()
    results, elapsed, tasks = run(timed(solution.run_pipeline(range(10), shop.handle, workers=3)))
    check(results)
    check(shop.peak)
    check(elapsed, checker="float", abs=1e-6)


def test_one_worker_is_first_in_first_out(solution, check):
    shop = Workshop(durations={"x": 2, "y": 0.5, "z": 1})
    results, elapsed, tasks = run(timed(solution.run_pipeline(["x", "y", "z"], shop.handle, workers=1)))
    check(results)
    check(shop.started)
    check(shop.peak)
    check(elapsed, checker="float", abs=1e-6)


def test_items_are_handed_out_in_order(solution, check):
    shop = Workshop(durations={0: 3, 1: 1, 2: 2, 3: 1, 4: 1, 5: 2, 6: 1})
    run(solution.run_pipeline(range(7), shop.handle, workers=3))
    check(shop.started)


def test_a_bounded_queue_holds_the_producer_back(solution, check):
    shop = Workshop()
    results = run(solution.run_pipeline(shop.source(range(12)), shop.handle, workers=2, maxsize=1))
    check(len(results))
    check(shop.widest_gap <= 2, label="items pulled but not yet started, at most maxsize + 1")
    roomy = Workshop()
    run(solution.run_pipeline(roomy.source(range(12)), roomy.handle, workers=2, maxsize=4))
    check(roomy.widest_gap <= 5, label="at most maxsize + 1")
    check(roomy.widest_gap >= 3, label="the queue is used")


def test_failures_are_returned_in_place(solution, check):
    shop = Workshop(failing={"bad", "worse"})
    results, elapsed, tasks = run(timed(solution.run_pipeline(["ok", "bad", "fine", "worse", "last"],
                                                               shop.handle, workers=2)))
    check(results)
    check(shop.started, checker="unordered")


def test_workers_are_gone_when_it_returns(solution, check):
    shop = Workshop()
    results, elapsed, tasks = run(timed(solution.run_pipeline(["p", "q", "r"], shop.handle, workers=4)))
    check(results)
    check(tasks, label="tasks still alive besides the caller")


def test_nothing_to_do(solution, check):
    shop = Workshop()
    results, elapsed, tasks = run(timed(solution.run_pipeline([], shop.handle, workers=3)))
    check(results)
    check(tasks)
    check(elapsed, checker="float", abs=1e-6)


def test_none_results_are_kept(solution, check):
    async def ignore(item):
        await asyncio.sleep(item)

    check(run(solution.run_pipeline([2, 1], ignore, workers=2)))


def test_workers_below_one_are_refused(solution, check):
    shop = Workshop()
    with check.raises():
        run(solution.run_pipeline(shop.source(["a"]), shop.handle, workers=0))
    check(shop.pulled)
    check(shop.started)
    with check.raises():
        run(solution.run_pipeline(shop.source(["a"]), shop.handle, workers=1, maxsize=-1))
    check(shop.pulled)


def test_defaults_two_workers_and_an_unbounded_queue(solution, check):
    shop = Workshop()
    results, elapsed, tasks = run(timed(solution.run_pipeline(shop.source(range(6)), shop.handle)))
    check(results)
    check(shop.peak)
    check(shop.widest_gap, label="an unbounded queue takes every item at once")
    check(elapsed, checker="float", abs=1e-6)


def test_duplicate_items(solution, check):
    shop = Workshop(durations={"x": 2})
    check(run(solution.run_pipeline(["x", "x", "y", "x"], shop.handle, workers=2)))
    check(shop.started)
