from verdict import sample, weight, group


@sample
def test_pages(solution, check):
    pages = solution.Paginator(["a", "b", "c", "d", "e"], 2)
    check(len(pages))
    check(list(pages))
    check(list(pages))
    check(pages.page(3))
    it = iter(pages)
    check(next(it))
    check((it.page_number, it.remaining()))
    with check.raises():
        pages.page(4)


def test_iterator_is_its_own_iterable(solution, check):
    pages = solution.Paginator(range(10), 4)
    it = iter(pages)
    check(type(it).__name__)
    check(isinstance(it, solution.PageIterator))
    check(iter(it) is it)
    check(iter(pages) is not iter(pages))
    check(isinstance(pages, solution.PageIterator))
    check(next(it))
    check(list(it))
    check(list(it))


@weight(2)
def test_independent_passes(solution, check):
    pages = solution.Paginator(list(range(7)), 3)
    check(list(zip(pages, pages)))
    outer = []
    for first in pages:
        for second in pages:
            outer.append((first[0], second[0]))
    check(outer)
    check(sum(1 for _ in pages))


@weight(2)
def test_an_exhausted_iterator_stays_exhausted(solution, check):
    items = [1, 2, 3]
    pages = solution.Paginator(items, 2)
    it = iter(pages)
    check(list(it))
    items.extend([4, 5, 6])
    with check.raises():
        next(it)
    check(it.remaining())
    check(list(it))
    check(list(pages))


def test_pages_read_the_live_sequence(solution, check):
    items = ["x"]
    pages = solution.Paginator(items, 2)
    it = iter(pages)
    items.append("y")
    items.append("z")
    check(next(it))
    check(it.remaining())
    items.clear()
    check(it.remaining())
    with check.raises():
        next(it)
    check(len(pages))


def test_page_numbers_and_remaining(solution, check):
    pages = solution.Paginator("abcdefghij", 3)
    it = iter(pages)
    check((it.page_number, it.remaining()))
    seen = []
    for page in it:
        seen.append((it.page_number, it.remaining(), page))
    check(seen)
    check((it.page_number, it.remaining()))


def test_lengths(solution, check):
    for size, per_page in ((0, 3), (1, 3), (3, 3), (4, 3), (9, 1), (10, 100)):
        check((size, per_page, len(solution.Paginator(list(range(size)), per_page))))


def test_empty_sequence(solution, check):
    pages = solution.Paginator([], 5)
    check(list(pages))
    it = iter(pages)
    check(it.remaining())
    with check.raises():
        next(it)
    with check.raises():
        pages.page(1)


def test_page_bounds(solution, check):
    pages = solution.Paginator(list("abcdefg"), 3)
    check([pages.page(n) for n in (1, 2, 3)])
    for bad in (0, -1, 4, 1.0, "1", True):
        with check.raises():
            pages.page(bad)
    check(type(pages.page(1)).__name__)
    check(solution.Paginator((1, 2, 3), 2).page(2))


def test_per_page_validation(solution, check):
    for bad in (0, -2, 2.0, "3", None, False):
        with check.raises():
            solution.Paginator([1, 2], bad)
    check(len(solution.Paginator([1, 2], True + 1)))


def test_pages_are_fresh_lists(solution, check):
    items = [1, 2, 3, 4]
    pages = solution.Paginator(items, 2)
    first = next(iter(pages))
    first.append(99)
    check(items)
    check(list(pages))


def test_works_with_builtins_that_take_iterables(solution, check):
    pages = solution.Paginator(list(range(1, 8)), 2)
    check([sum(p) for p in pages])
    check(max(pages, key=len))
    check(sorted(pages, key=lambda p: -p[0])[0])
    check(list(enumerate(pages, start=1))[-1])
    check(any(5 in p for p in pages))
