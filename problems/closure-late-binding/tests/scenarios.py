from verdict import sample


@sample
def test_each_multiplier_keeps_its_own_factor(solution, check):
    times = solution.make_multipliers(4)
    check([f(10) for f in times])
    inc, current, reset = solution.make_counter()
    check(inc())
    check(inc())
    check(current())


def test_multipliers(solution, check):
    fs = solution.make_multipliers(6)
    check(len(fs))
    check([f(3) for f in fs])
    check(fs[5](-2))
    check(solution.make_multipliers(0))
    check(solution.make_multipliers(1)[0](99))


def test_multipliers_take_one_argument(solution, check):
    f = solution.make_multipliers(3)[2]
    check(f("ab"))
    check(f([0]))


def test_handlers_bind_their_name(solution, check):
    handlers = solution.make_handlers(["save", "load", "quit"])
    check(list(handlers))
    check([handlers[n]("click") for n in ["quit", "save", "load"]])


def test_handlers_from_a_generator_and_empty(solution, check):
    handlers = solution.make_handlers(name.upper() for name in ["a", "b"])
    check(handlers["A"](1))
    check(handlers["B"](2))
    check(solution.make_handlers([]))


def test_handlers_do_not_see_later_changes(solution, check):
    names = ["x", "y"]
    handlers = solution.make_handlers(names)
    names.append("z")
    names[0] = "changed"
    check(handlers["x"]("e"))
    check(list(handlers))


def test_counter_steps(solution, check):
    inc, current, reset = solution.make_counter(10, 5)
    check(current())
    check([inc() for _ in range(3)])
    check(current())


def test_counter_reset(solution, check):
    inc, current, reset = solution.make_counter(3, -1)
    inc()
    inc()
    check(current())
    check(reset())
    check(current())
    check(inc())


def test_counters_are_independent(solution, check):
    a = solution.make_counter()
    b = solution.make_counter()
    a[0]()
    a[0]()
    b[0]()
    check(a[1]())
    check(b[1]())
    b[2]()
    check(a[1]())


def test_default_counter(solution, check):
    inc, current, reset = solution.make_counter()
    check(current())
    check([inc(), inc(), inc()])
    reset()
    check(current())
