import itertools

from verdict import sample


@sample
def test_encode_and_decode(solution, check):
    check(list(solution.rle_encode("aaabcc")))
    check("".join(solution.rle_decode([("x", 2), ("y", 1)])))
    with check.raises():
        list(solution.rle_decode([("x", 0)]))


def test_round_trips(solution, check):
    cases = ["", "a", "abc", "aaaa", "aabbbaa", [0, 0, 1, 0], [None, None, "x"], [(1, 2), (1, 2), (2, 1)],
             list(range(5)) + [4] * 3]
    for xs in cases:
        encoded = list(solution.rle_encode(xs))
        check(encoded, label=repr(xs))
        check(list(solution.rle_decode(encoded)) == list(xs), label=repr(xs))


def test_runs_are_tuples_and_last_run_is_kept(solution, check):
    runs = list(solution.rle_encode([5, 5, 6, 7, 7, 7]))
    check(runs)
    check([type(run).__name__ for run in runs])
    check(list(solution.rle_encode(["z"])))
    check(list(solution.rle_encode([])))
    check(list(solution.rle_encode(iter("qqq"))))


def test_equal_items_share_a_run(solution, check):
    check(list(solution.rle_encode([1, 1.0, True, 2, 2.0])))
    check(list(solution.rle_encode([0, False, 0.0, 1])))
    check(list(solution.rle_encode(["a", "A", "a"])))


def test_encode_is_lazy(solution, check):
    pulled = []

    def stream():
        for ch in "aaab":
            pulled.append(ch)
            yield ch
        raise RuntimeError("read past the second run")

    runs = solution.rle_encode(stream())
    check(len(pulled))
    check(next(runs))
    check(len(pulled))
    with check.raises():
        next(runs)
    check(list(itertools.islice(solution.rle_encode(itertools.cycle("aab")), 5)))
    counting = solution.rle_encode(x // 3 for x in itertools.count())
    check(list(itertools.islice(counting, 3)))


def test_decode_checks_a_pair_only_when_it_gets_there(solution, check):
    with check.raises(label="rle_decode() itself reads no pair") as made:
        items = solution.rle_decode(iter([("x", 2), ("y", -1), ("z", 1)]))
    if made.exception is None:
        check.call(next, items)
        check.call(next, items)
        with check.raises():
            next(items)


def test_decode_is_lazy(solution, check):
    endless = solution.rle_decode(zip(itertools.cycle("ab"), itertools.count(1)))
    check("".join(itertools.islice(endless, 10)))
    check(list(itertools.islice(solution.rle_decode(itertools.repeat(("k", 10**9))), 3)))


def test_decode_rejects_bad_pairs(solution, check):
    for bad in [("x", 0), ("x", -2), ("x", 1.0), ("x", True), ("x", "3"), ("x",), ("x", 1, 2), 5, None,
                "ab"]:
        with check.raises(label=repr(bad)):
            list(solution.rle_decode([("ok", 1), bad]))


def test_decode_accepts_lists_and_keeps_adjacent_runs(solution, check):
    check(list(solution.rle_decode([["a", 2], ("a", 1), ["b", 1]])))
    check(list(solution.rle_encode(solution.rle_decode([("a", 2), ("a", 1)]))))
    check(list(solution.rle_decode([])))
    check(list(solution.rle_decode(iter([((1, 2), 2)]))))


def test_longest_run(solution, check):
    check(solution.longest_run("abbcccdd"))
    check(solution.longest_run("aabb"))
    check(solution.longest_run("ab"))
    check(solution.longest_run([3, 3, 1, 1, 1, 2, 2, 2]))
    check(solution.longest_run(""))
    check(solution.longest_run(iter([7])))
    check(solution.longest_run(x % 2 == 0 for x in [2, 4, 6, 1, 3, 5, 7]))


def test_long_input(solution, check):
    data = [i // 1000 for i in range(200000)]
    runs = list(solution.rle_encode(data))
    check(len(runs))
    check(runs[:2])
    check(runs[-1])
    check(sum(1 for _ in solution.rle_decode(runs)))
