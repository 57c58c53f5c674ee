from verdict import sample, weight, group


@sample
def test_versions_sort_numerically(solution, check):
    Version = solution.Version
    v = Version("1.10.0")
    check(v.release)
    check(Version("1.9") < Version("1.10"))
    check(Version("1.2") == Version("1.2.0"))
    check(len({Version("1.2"), Version("1.2.0"), Version("1.2.0.0")}))
    check([str(x) for x in sorted([Version("2.0"), Version("1.10"), Version("1.9.3"), Version("1.10.0-rc1")])])
    check(repr(Version("3.01.2-beta")))


def test_parsing_and_properties(solution, check):
    Version = solution.Version
    v = Version("4.0.12-rc2")
    check((v.release, v.pre, v.is_prerelease))
    w = Version("007")
    check((w.release, w.pre, w.is_prerelease, str(w)))
    check(Version("1.2.3.4").release)
    check(str(Version("0.0.0")))


def test_invalid_versions_are_refused(solution, check):
    for text in ("", "1.", ".1", "1..2", "1.2.3.4.5", "v1.2", "1.2-", "1.2-rc.1", " 1.2", "1.2 ", "1.-2", "1.2-rc-1", "a.b"):
        with check.raises():
            solution.Version(text)
    for value in (1.2, 12, None, b"1.2"):
        with check.raises():
            solution.Version(value)


@weight(2)
def test_equal_versions_hash_alike(solution, check):
    Version = solution.Version
    a, b, c = Version("1.2"), Version("1.2.0"), Version("01.02.00.0")
    check((a == b, b == c, a != c))
    check(hash(a) == hash(b) == hash(c))
    seen = {a: "first"}
    seen[b] = "second"
    check(len(seen))
    check(seen[c])
    check(Version("1.2.1") in {a, b})
    check(Version("1.0-rc1") == Version("1.0.0-rc1"))
    check(Version("1.0-rc1") == Version("1.0"))
    check(len({Version("1"), Version("1.0"), Version("1-rc1"), Version("1.0-rc1"), Version("1.0.1")}))


def test_zero_padding_is_not_a_prefix_match(solution, check):
    Version = solution.Version
    check(Version("1.0.1") == Version("1.1"))
    check(Version("1.0.1") > Version("1"))
    check(Version("1.0.0.1") > Version("1.0"))
    check(Version("10") > Version("9.99.99"))
    check(Version("0.10") == Version("0.1"))
    check(Version("2") == Version("2.0.0.0"))
    check(Version("2.0.0.0") <= Version("2"))
    check(str(max(Version("1.0.1"), Version("1"), Version("1.0.0.9"))))


def test_all_comparison_operators(solution, check):
    Version = solution.Version
    low, high = Version("1.2.9"), Version("1.2.10")
    check((low < high, low <= high, low > high, low >= high, low == high, low != high))
    check((high < low, high <= low, high > low, high >= low))
    same = Version("1.2.9.0")
    check((low < same, low <= same, low > same, low >= same, low == same, low != same))
    check(max([Version("0.9"), Version("0.10"), Version("0.1")]).release)
    check(min([Version("3-a"), Version("3"), Version("2.9")]).release)


def test_prerelease_sorts_before_its_release(solution, check):
    Version = solution.Version
    check(Version("1.0-rc1") < Version("1.0"))
    check(Version("1.0") > Version("1.0.0-rc9"))
    check(Version("1.0-alpha") < Version("1.0-beta") < Version("1.0-rc1"))
    check(Version("1.0-rc1") > Version("0.9.9"))
    check(Version("1.0.1-alpha") > Version("1.0"))
    ordered = sorted(Version(t) for t in ["1.0", "1.0-rc2", "1.0-alpha", "0.9", "1.0.1-beta", "1.0-rc10"])
    check([str(v) for v in ordered])


def test_comparing_with_other_types(solution, check):
    v = solution.Version("1.2")
    check(v == "1.2")
    check(v != "1.2")
    check(v == (1, 2))
    check(v == None)
    with check.raises(message=False):
        v < "1.3"
    with check.raises(message=False):
        v >= 1
    with check.raises(message=False):
        sorted([v, "1.0"])


def test_comparison_defers_to_the_other_operand(solution, check):
    class Anything:
        def __eq__(self, other):
            return True

        def __gt__(self, other):
            return "gt called"

    v = solution.Version("5.0")
    check(v == Anything())
    check.call(lambda: v < Anything())


def test_str_and_repr(solution, check):
    Version = solution.Version
    check([str(Version(t)) for t in ("1.2.0", "01.002", "0", "3.0.0.0-RC1", "10.0-b2")])
    check([repr(Version(t)) for t in ("1.2.0", "1-x")])
    check(repr([Version("2.0"), Version("1.0-rc1")]))


def test_dedupe_a_release_list(solution, check):
    Version = solution.Version
    raw = ["1.0", "1.0.0", "1.1", "1.01", "2.0-rc1", "2.0.0-rc1", "2.0", "0.9"]
    unique = sorted(set(Version(t) for t in raw))
    check([v.release for v in unique])
    check(len(unique))
    latest = {}
    for t in raw:
        latest.setdefault(Version(t), t)
    check(sorted(latest.values()))
