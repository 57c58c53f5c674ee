from verdict import sample

PROJECT = {
    "README.md": 120,
    "src": {
        "app.py": 900,
        "util": {"text.py": 300, "empty": {}, "num.py": 80},
        "__init__.py": 0,
    },
    "tests": {"test_app.py": 450},
    "LICENSE": 1000,
}


def drive(generator):
    """Everything the generator yields, and what it returns."""
    items = []
    while True:
        try:
            items.append(next(generator))
        except StopIteration as done:
            return items, done.value


@sample
def test_walk_a_small_tree(solution, check):
    tree = {"a.txt": 5, "docs": {"b.md": 7, "c.md": 1}, "d.txt": 2}
    check(list(solution.walk(tree)))
    check(solution.summarize(tree))


def test_walk_yields_files_depth_first(solution, check):
    items, total = drive(solution.walk(PROJECT))
    check(items)
    check(total)


def test_walk_returns_through_yield_from(solution, check):
    def outer():
        got = yield from solution.walk({"x": 1, "y": {"z": 2}})
        yield ("returned", got)

    check(list(outer()))


def test_walk_with_a_prefix(solution, check):
    items, total = drive(solution.walk({"f": 3, "d": {"g": 4}}, "root/"))
    check(items)
    check(total)


def test_walk_is_lazy(solution, check):
    tree = {"first": 1, "sub": {"second": 2, "broken": -5}, "never": 3}
    walker = solution.walk(tree)
    check(next(walker))
    check(next(walker))
    with check.raises():
        next(walker)


def test_bad_sizes(solution, check):
    for bad in ({"flag": True}, {"d": {"e": {"f": "12"}}}, {"n": 1.5}, {"x": None}):
        with check.raises():
            drive(solution.walk(bad))
    with check.raises():
        drive(solution.du({"d": {"e": -1}}))


def test_empty_trees(solution, check):
    check(drive(solution.walk({})))
    check(drive(solution.walk({"a": {}, "b": {"c": {}}})))
    check(drive(solution.du({})))
    check(solution.summarize({}))


def test_du_reports_directories_after_their_contents(solution, check):
    items, total = drive(solution.du(PROJECT))
    check(items)
    check(total)


def test_du_counts_nested_directories_once(solution, check):
    tree = {"a": {"b": {"c": {"f": 10}, "g": 1}, "h": 100}, "top": 1000}
    check(drive(solution.du(tree)))


def test_du_with_only_files(solution, check):
    check(drive(solution.du({"x": 3, "y": 4})))


def test_summarize(solution, check):
    check(solution.summarize(PROJECT))
    check(solution.summarize({"zero": 0, "d": {"zero too": 0}}))
    check(solution.summarize({"only": {"dirs": {}}}))


def test_summarize_walks_once(solution, check):
    reads = []

    class Loud(dict):
        def items(self):
            reads.append(len(self))
            return super().items()

    tree = Loud(a=1, b=Loud(c=2, d=3))
    check(solution.summarize(tree))
    check(reads)


def test_deep_tree(solution, check):
    tree = {"leaf": 1}
    for level in range(300):
        tree = {"d%d" % level: tree, "f%d" % level: level}
    items, total = drive(solution.walk(tree))
    check(len(items))
    check(items[0])
    check(items[-1])
    check(total)
    dirs, same_total = drive(solution.du(tree))
    check(dirs[0])
    check(same_total)
