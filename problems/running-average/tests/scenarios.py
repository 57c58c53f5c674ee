from verdict import sample


@sample
def test_three_values(solution, check):
    averager = solution.make_averager()
    check(averager(10), checker="float", abs=1e-9, rel=1e-9)
    check(averager(20), checker="float", abs=1e-9, rel=1e-9)
    check(averager(30), checker="float", abs=1e-9, rel=1e-9)


@sample
def test_two_averagers_are_independent(solution, check):
    first = solution.make_averager()
    second = solution.make_averager()
    check(first(1), checker="float", abs=1e-9, rel=1e-9)
    check(second(5), checker="float", abs=1e-9, rel=1e-9)
    check(first(3), checker="float", abs=1e-9, rel=1e-9)


# Means compare within 1e-9, absolute or relative.
CLOSE = {"checker": "float", "abs": 1e-9, "rel": 1e-9}


def feed(solution, values):
    averager = solution.make_averager()
    return [averager(x) for x in values]


def test_a_single_value(solution, check):
    check(feed(solution, [7]), **CLOSE)


def test_a_fractional_mean(solution, check):
    check(feed(solution, [1, 2]), **CLOSE)


def test_not_a_mean_of_pairs(solution, check):
    check(feed(solution, [0, 0, 3]), **CLOSE)


def test_negatives(solution, check):
    check(feed(solution, [-1, -2, -3, 4]), **CLOSE)


def test_floats(solution, check):
    check(feed(solution, [0.5, 0.25, 0.75]), **CLOSE)


def test_zeros(solution, check):
    check(feed(solution, [0, 0, 0]), **CLOSE)


def test_large_values(solution, check):
    check(feed(solution, [1000000000, -1000000000, 1000000000]), **CLOSE)


def test_one_to_ten(solution, check):
    check(feed(solution, range(1, 11)), **CLOSE)


def test_a_thousand_values(solution, check):
    check(feed(solution, [i % 7 for i in range(1000)]), **CLOSE)


def test_results_are_floats(solution, check):
    averager = solution.make_averager()
    check(type(averager(4)))
    check(type(averager(6)))
    check(type(averager(2.5)))


def test_a_new_averager_starts_from_scratch(solution, check):
    first = solution.make_averager()
    first(100)
    first(200)
    second = solution.make_averager()
    check(second(1), **CLOSE)
    check(first(300), **CLOSE)


def test_state_is_a_total_and_a_count_in_a_closure(solution, check):
    averager = solution.make_averager()
    for x in range(50):
        averager(x)
    cells = getattr(averager, "__closure__", None) or ()
    check(len(cells) > 0)
    check([type(cell.cell_contents) for cell in cells if isinstance(cell.cell_contents, (list, tuple, dict, set))])
