import threading

from verdict import sample, weight


def pausing_store(solution, readers):
    # A store whose get() waits until `readers` threads have all read, as a slow network cache
    # lets them; when a lock keeps the readers apart, the wait gives up and the store goes on.
    class PausingStore(solution.MemoryStore):
        def __init__(self):
            super().__init__()
            self.meeting = threading.Barrier(readers, timeout=0.5)

        def get(self, key):
            value = super().get(key)
            try:
                self.meeting.wait()
            except threading.BrokenBarrierError:
                pass
            return value

    return PausingStore()


def hit_together(counter, pages):
    results = []
    workers = [threading.Thread(target=lambda page=page: results.append(counter.hit(page))) for page in pages]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


@sample
def test_two_visitors_at_once(solution, check):
    store = pausing_store(solution, 2)
    counter = solution.VisitCounter(store)
    results = hit_together(counter, ["home", "home"])
    store.meeting.abort()
    check(sorted(results))
    check(counter.visits("home"))


@weight(2)
def test_three_visitors_at_once(solution, check):
    store = pausing_store(solution, 3)
    counter = solution.VisitCounter(store)
    results = hit_together(counter, ["home", "home", "home"])
    store.meeting.abort()
    check(sorted(results))
    check(counter.visits("home"))


def test_counts_already_stored(solution, check):
    store = pausing_store(solution, 2)
    store.set("pricing", 41)
    counter = solution.VisitCounter(store)
    results = hit_together(counter, ["pricing", "pricing"])
    store.meeting.abort()
    check(sorted(results))
    check(counter.visits("pricing"))
    check(counter.hit("pricing"))


def test_two_pages_at_once(solution, check):
    store = pausing_store(solution, 2)
    counter = solution.VisitCounter(store)
    results = hit_together(counter, ["home", "about"])
    store.meeting.abort()
    check(sorted(results))
    check([counter.visits("home"), counter.visits("about"), counter.visits("blog")])


def test_one_visitor_at_a_time(solution, check):
    counter = solution.VisitCounter()
    check([counter.hit("home"), counter.hit("home"), counter.hit("about"), counter.hit("home")])
    check([counter.visits("home"), counter.visits("about"), counter.visits("never")])


def test_a_fresh_counter_is_empty(solution, check):
    counter = solution.VisitCounter()
    check(counter.visits("home"))
    other = solution.VisitCounter()
    counter.hit("home")
    check(other.visits("home"))
    check(counter.visits("home"))


def test_a_stored_zero(solution, check):
    store = solution.MemoryStore()
    store.set("home", 0)
    counter = solution.VisitCounter(store)
    check(counter.visits("home"))
    check(counter.hit("home"))
    check(store.get("home"))


def test_the_counter_writes_through_its_store(solution, check):
    store = solution.MemoryStore()
    counter = solution.VisitCounter(store)
    counter.hit("a")
    counter.hit("a")
    counter.hit("b")
    check([store.get("a"), store.get("b"), store.get("c")])
    store.set("a", 10)
    check(counter.hit("a"))


def test_a_busy_minute(solution, check):
    counter = solution.VisitCounter()

    def visitor(page):
        for _ in range(300):
            counter.hit(page)

    workers = [threading.Thread(target=visitor, args=(page,)) for page in ["home", "home", "home", "blog", "blog", "home"]]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    check([counter.visits("home"), counter.visits("blog")])
