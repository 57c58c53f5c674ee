import asyncio

from verdict import sample


class FakeServer:
    """A fetch that records how many requests are in flight; a url's number of event-loop turns
    is its latency, so nothing here sleeps for real."""

    def __init__(self, turns=None, failing=()):
        self.turns = turns or {}
        self.failing = set(failing)
        self.active = 0
        self.peak = 0
        self.requested = []

    async def fetch(self, url):
        self.requested.append(url)
        self.active += 1
        self.peak = max(self.peak, self.active)
        try:
            for _ in range(self.turns.get(url, 1)):
                await asyncio.sleep(0)
            if url in self.failing:
                raise ConnectionError("cannot reach " + url)
            return "<%s>" % url
        finally:
            self.active -= 1


@sample
def test_three_pages_two_at_a_time(solution, check):
    import asyncio
    active = 0
    peak = 0

    async def fetch(url):
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0)
        active -= 1
        return len(url)

    check(asyncio.run(solution.fetch_all(["a.io", "bb.io", "ccc.io"], fetch, 2)))
    check(peak)


def test_never_more_than_the_limit_in_flight(solution, check):
    server = FakeServer()
    urls = ["u%d" % i for i in range(10)]
    check(asyncio.run(solution.fetch_all(urls, server.fetch, 3)))
    check(server.peak)
    check(server.requested, checker="unordered")


def test_really_runs_concurrently_up_to_the_limit(solution, check):
    server = FakeServer(turns={"a": 3, "b": 3, "c": 3, "d": 3})
    check(asyncio.run(solution.fetch_all(["a", "b", "c", "d"], server.fetch, 4)))
    check(server.peak)


def test_results_keep_the_order_of_the_urls(solution, check):
    server = FakeServer(turns={"slow": 6, "medium": 3, "fast": 1})
    check(asyncio.run(solution.fetch_all(["slow", "medium", "fast"], server.fetch, 3)))
    check(server.peak)


def test_limit_one_is_sequential(solution, check):
    server = FakeServer(turns={"x": 2, "y": 1, "z": 3})
    check(asyncio.run(solution.fetch_all(["x", "y", "z"], server.fetch, 1)))
    check(server.peak)


def test_limit_above_the_number_of_urls(solution, check):
    server = FakeServer()
    check(asyncio.run(solution.fetch_all(["p", "q"], server.fetch, 50)))
    check(server.peak)


def test_failures_are_returned_in_place(solution, check):
    server = FakeServer(turns={"ok1": 2, "down": 1, "ok2": 1}, failing={"down"})
    results = asyncio.run(solution.fetch_all(["ok1", "down", "ok2"], server.fetch, 2))
    check(results)
    check(type(results[1]))


def test_a_failure_frees_its_slot(solution, check):
    server = FakeServer(failing={"e1", "e2"})
    results = asyncio.run(solution.fetch_all(["e1", "e2", "fine"], server.fetch, 1))
    check([str(r) for r in results])
    check(len(server.requested))


def test_duplicates_are_fetched_each_time(solution, check):
    server = FakeServer()
    check(asyncio.run(solution.fetch_all(["a", "a", "b"], server.fetch, 2)))
    check(server.requested, checker="unordered")


def test_no_urls(solution, check):
    server = FakeServer()
    check(asyncio.run(solution.fetch_all([], server.fetch, 2)))
    check(server.requested)


def test_limit_below_one_is_refused(solution, check):
    server = FakeServer()
    with check.raises():
        asyncio.run(solution.fetch_all(["a"], server.fetch, 0))
    with check.raises():
        asyncio.run(solution.fetch_all(["a"], server.fetch, -3))
    check(server.requested)


def test_accepts_any_iterable_of_urls(solution, check):
    server = FakeServer()
    urls = ("page/%d" % n for n in range(5))
    check(asyncio.run(solution.fetch_all(urls, server.fetch, 2)))
    check(server.peak)
