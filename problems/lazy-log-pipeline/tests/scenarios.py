from verdict import sample


def tracked(lines, pulled):
    """A source that records every line the pipeline pulls from it."""
    for line in lines:
        pulled.append(line)
        yield line


@sample
def test_takes_only_what_it_needs(solution, check):
    pulled = []

    def source():
        for line in ["INFO: boot", "ERROR: disk full", "# note", "ERROR: fan", "ERROR: never read"]:
            pulled.append(line)
            yield line

    errors = solution.first_errors(source(), 2)
    check(pulled)
    check(list(errors))
    check(len(pulled))


def test_parse_lines_cleans_each_record(solution, check):
    lines = ["  info: started  ", "", "   ", "# a comment", "  # indented comment",
             "ERROR: db: connection refused", "WARN :  spaced out ", "debug:"]
    check(list(solution.parse_lines(lines)))


def test_parse_lines_pulls_one_record_at_a_time(solution, check):
    pulled = []
    records = solution.parse_lines(tracked(["", "# c", "INFO: a", "", "WARN: b", "INFO: c"], pulled))
    check(len(pulled), label="before the first next()")
    check(next(records))
    check(len(pulled))
    check(next(records))
    check(len(pulled))


def test_bad_line_fails_only_when_reached(solution, check):
    records = solution.parse_lines(["INFO: a", "no colon here", "INFO: b"])
    check(next(records))
    with check.raises():
        next(records)


def test_with_level_filters_lazily_in_order(solution, check):
    pulled = []
    lines = ["INFO: a", "ERROR: b", "debug: c", "WARN: d", "error: e", "INFO: f"]
    chosen = solution.with_level(solution.parse_lines(tracked(lines, pulled)), "error", "Warn")
    check(len(pulled))
    check(next(chosen))
    check(len(pulled))
    check(list(chosen))
    check(list(solution.with_level(solution.parse_lines(["ERRORS: x", "INFO: y"]), "ERROR")))


def test_take_leaves_the_rest_of_the_source(solution, check):
    numbers = iter(range(10))
    check(list(solution.take(3, numbers)))
    check(next(numbers))
    check(list(solution.take(5, [1, 2])))
    check(list(solution.take(2, "abc")))


def test_take_zero_pulls_nothing(solution, check):
    pulled = []
    check(list(solution.take(0, tracked(["a", "b"], pulled))))
    check(pulled)
    first = solution.take(1, tracked(["a", "b"], pulled))
    check(next(first))
    check(pulled)
    with check.raises():
        next(first)
    check(pulled)


def test_negative_n_fails_at_the_call(solution, check):
    pulled = []
    with check.raises():
        solution.take(-1, tracked(["a"], pulled))
    with check.raises():
        solution.first_errors(tracked(["ERROR: x"], pulled), -2)
    check(pulled)


def test_first_errors_on_a_long_log(solution, check):
    pulled = []
    lines = ["ERROR: e%d" % i if i % 10 == 9 else "INFO: i%d" % i for i in range(1000)]
    errors = solution.first_errors(tracked(lines, pulled), 3)
    check(iter(errors) is errors, label="an iterator")
    check(next(errors))
    check(len(pulled))
    check(list(errors))
    check(len(pulled))


def test_first_errors_with_too_few_errors(solution, check):
    pulled = []
    lines = ["INFO: a", "ERROR: one", "", "WARN: b", "ERROR: two", "INFO: c"]
    check(list(solution.first_errors(tracked(lines, pulled), 5)))
    check(len(pulled))
    check(list(solution.first_errors([], 2)))


def test_bad_line_after_the_answer_is_never_read(solution, check):
    check(list(solution.first_errors(["ERROR: x", "ERROR: y", "garbage"], 2)))
    errors = solution.first_errors(["ERROR: x", "garbage", "ERROR: y"], 2)
    check(next(errors))
    with check.raises():
        next(errors)


def test_first_errors_zero_reads_nothing(solution, check):
    pulled = []
    check(list(solution.first_errors(tracked(["ERROR: x", "garbage"], pulled), 0)))
    check(pulled)
