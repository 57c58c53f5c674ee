from verdict import sample


@sample
def test_start_and_step(solution, check):
    counter = solution.make_counter(5, 2)
    check(counter())
    check(counter())
    check(counter())


@sample
def test_defaults(solution, check):
    counter = solution.make_counter()
    check(counter())
    check(counter())
    check(counter())


def test_a_counter_never_called(solution, check):
    solution.make_counter(3, 3)
    counter = solution.make_counter(3, 3)
    check(counter())


def test_start_alone_and_keywords(solution, check):
    counter = solution.make_counter(10)
    check([counter(), counter()])
    by_keyword = solution.make_counter(step=5)
    check([by_keyword(), by_keyword(), by_keyword()])
    both = solution.make_counter(step=-1, start=2)
    check([both(), both(), both()])


def test_two_counters_interleaved(solution, check):
    up = solution.make_counter()
    down = solution.make_counter(10, -1)
    check([up(), down(), up(), down(), down()])


def test_same_arguments_still_independent(solution, check):
    first = solution.make_counter(1, 1)
    second = solution.make_counter(1, 1)
    check([first(), first(), second(), first(), second()])


def test_a_counter_made_later_changes_nothing(solution, check):
    first = solution.make_counter(0, 5)
    check(first())
    second = solution.make_counter(100, 5)
    check([second(), second(), first(), first()])
    solution.make_counter(7, 7)
    check(first())


def test_step_zero(solution, check):
    counter = solution.make_counter(7, 0)
    check([counter() for _ in range(3)])


def test_negative_step_and_start(solution, check):
    down = solution.make_counter(0, -3)
    check([down() for _ in range(4)])
    negative = solution.make_counter(-5)
    check([negative(), negative()])


def test_big_numbers(solution, check):
    counter = solution.make_counter(10 ** 9, 10 ** 9)
    check([counter() for _ in range(3)])
    many = solution.make_counter(-(10 ** 9), 10 ** 9)
    check([many() for _ in range(10000)][-1])


def test_three_counters(solution, check):
    counters = [solution.make_counter(), solution.make_counter(2), solution.make_counter(0, 2)]
    check([counters[i]() for i in (2, 1, 0, 2, 1, 0)])


def test_a_counter_takes_no_arguments(solution, check):
    counter = solution.make_counter()
    with check.raises(message=False):
        counter(1)
    check(counter())


def test_many_counters(solution, check):
    counters = [solution.make_counter(i, i) for i in range(100)]
    for counter in counters:
        counter()
    check([counter() for counter in counters])
