from verdict import sample


@sample
def test_window_slides(solution, check):
    c = solution.HitCounter(60)
    check(c.hit("/login", 100))
    check(c.hit("/home", 130))
    check(c.hit("/login", 150))
    check(c.top(5, 159))
    check(c.count("/login", 160))
    with check.raises():
        c.hit("/home", 120)


def test_boundary_is_exclusive_at_the_old_end(solution, check):
    c = solution.HitCounter(10)
    c.hit("a", 0)
    c.hit("a", 5)
    check(c.count("a", 9))
    check(c.count("a", 10))
    check(c.count("a", 14))
    check(c.count("a", 15))
    check(c.total(15))
    check(c.hit("a", 15))


def test_same_second_hits(solution, check):
    c = solution.HitCounter(1)
    check([c.hit("x", 7) for _ in range(4)])
    check(c.count("x", 7))
    check(c.count("x", 8))
    check(c.hit("x", 8))
    check(c.total(8))


def test_top_orders_by_count_then_key(solution, check):
    c = solution.HitCounter(100)
    for key, t in [("zeta", 1), ("beta", 2), ("alpha", 3), ("zeta", 4), ("beta", 5), ("gamma", 6), ("alpha", 6)]:
        c.hit(key, t)
    check(c.top(10, 10))
    check(c.top(2, 10))
    check(c.top(0, 10))
    check(c.top(1, 103))
    check(c.top(10, 104))
    check(c.top(3, 106))


def test_expired_keys_leave_top_and_counts(solution, check):
    c = solution.HitCounter(5)
    c.hit("old", 1)
    c.hit("new", 4)
    check(c.top(3, 6))
    check(c.count("old", 6))
    check(c.top(3, 9))
    check(c.total(9))
    check(c.count("never", 9))
    check(c.top(3, 9))


def test_time_never_goes_backwards(solution, check):
    c = solution.HitCounter(30)
    c.hit("a", 50)
    check(c.count("a", 60))
    with check.raises():
        c.count("a", 59)
    with check.raises():
        c.total(10)
    with check.raises():
        c.top(1, 0)
    with check.raises():
        c.hit("b", 55)
    check(c.total(60))
    check(c.top(2, 60))
    check(c.hit("b", 60))


def test_window_validation(solution, check):
    for bad in [0, -5, 1.5, True, "60", None]:
        with check.raises(label=repr(bad)):
            solution.HitCounter(bad)
    check(solution.HitCounter(1).total(0))


def test_old_hits_are_dropped_as_time_moves(solution, check):
    c = solution.HitCounter(3)
    for t in range(30000):
        c.hit("k%d" % (t % 7), t)
    check(c.total(29999))
    check(c.top(7, 29999))
    check(sum(count for _, count in c.top(7, 30000)))
    check(c.total(30002))
    check(c.top(7, 30002))


def test_counts_return_values_are_plain(solution, check):
    c = solution.HitCounter(60)
    c.hit("a", 1)
    c.hit("b", 1)
    result = c.top(2, 1)
    check(result)
    check(type(result).__name__)
    check([type(pair).__name__ for pair in result])
    check(c.count("a", 1) + c.count("b", 1))


def test_dashboard_scenario(solution, check):
    c = solution.HitCounter(60)
    log = [(0, "/"), (5, "/api/items"), (12, "/api/items"), (30, "/login"), (44, "/api/items"),
           (59, "/"), (60, "/login"), (61, "/"), (75, "/api/items"), (119, "/login"), (120, "/")]
    seen = []
    for t, path in log:
        seen.append(c.hit(path, t))
    check(seen)
    check(c.top(3, 120))
    check(c.total(120))
    check(c.count("/api/items", 120))
    check(c.top(3, 179))
    check(c.top(3, 180))
