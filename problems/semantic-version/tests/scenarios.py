import dataclasses

from verdict import sample


@sample
def test_parse_compare_and_bump(solution, check):
    Version = solution.Version
    v = Version.parse("1.9.0")
    check(str(v))
    check(v < Version.parse("1.10.0"))
    check(str(v.bump("minor")))
    with check.raises():
        v.major = 2


def test_ordering_is_numeric_not_textual(solution, check):
    Version = solution.Version
    texts = ["1.10.0", "1.9.0", "0.10.1", "1.9.12", "10.0.0", "1.9.2", "2.0.0"]
    ordered = sorted(Version.parse(t) for t in texts)
    check([str(v) for v in ordered])
    check(Version(1, 10) > Version(1, 9, 99))
    check(Version(2) >= Version(2, 0, 0))
    check(Version(0, 0, 1) <= Version(0, 0, 0))
    check(str(max(Version.parse(t) for t in texts)))
    check(str(min(Version.parse(t) for t in texts)))


def test_build_metadata_does_not_count(solution, check):
    Version = solution.Version
    a = Version.parse("1.2.3+build.7")
    b = Version.parse("1.2.3+build.8")
    c = Version(1, 2, 3)
    check(a == b)
    check(a == c)
    check(a < b or b < a)
    check(len({a, b, c}))
    check(str(a))
    check(a.build)
    releases = {c: "stable"}
    check(releases.get(b))


def test_bump_resets_lower_parts_and_drops_build(solution, check):
    Version = solution.Version
    v = Version.parse("3.4.5+ci.99")
    check(str(v.bump("major")))
    check(str(v.bump("minor")))
    check(str(v.bump("patch")))
    check(v.bump("patch").build)
    check(str(v))
    check(str(v.bump("minor").bump("patch").bump("patch")))
    check(type(v.bump("major")) is Version)


def test_bump_unknown_part(solution, check):
    v = solution.Version(1, 0, 0)
    with check.raises():
        v.bump("build")
    with check.raises():
        v.bump("Major")
    check(str(v))


def test_constructor_validates_fields(solution, check):
    Version = solution.Version
    check(str(Version(2)))
    check(str(Version(2, 5)))
    check(repr(Version(1, 2, 3)))
    with check.raises():
        Version(1, -1, 0)
    with check.raises():
        Version(-3)
    with check.raises():
        Version(1, 0, -7)
    with check.raises():
        Version(1, "2", 0)
    with check.raises():
        Version(True, 0, 0)
    with check.raises():
        Version(1, 2, 3.0)
    check(str(Version(0, 0, 0)))


def test_parse_rejects_malformed_text(solution, check):
    Version = solution.Version
    for text in ["1.2", "1.2.3.4", "v1.2.3", "01.2.3", "1.02.3", "1.2.03", "1.2.-3", "", "1.2.3+",
                 "1.2.3+bad!", " 1.2.3", "1.2.3\n", "a.b.c"]:
        with check.raises(label=text):
            Version.parse(text)


def test_parse_accepts_edge_forms(solution, check):
    Version = solution.Version
    for text in ["0.0.0", "10.20.30", "1.0.0+exp.sha.5114f85", "1.0.0+21-AF", "999999.0.1"]:
        v = Version.parse(text)
        check((v.major, v.minor, v.patch, v.build), label=text)
        check(str(v) == text, label=text)


def test_frozen_and_replace_still_validates(solution, check):
    Version = solution.Version
    v = Version(1, 2, 3)
    with check.raises():
        v.patch = 4
    with check.raises():
        v.build = "x"
    with check.raises():
        dataclasses.replace(v, minor=-1)
    check(str(dataclasses.replace(v, minor=7)))
    check(str(v))
    check(hash(v) == hash(Version(1, 2, 3, "other")))


def test_comparison_with_other_types(solution, check):
    v = solution.Version(1, 2, 3)
    check(v == (1, 2, 3))
    check(v != "1.2.3")
    with check.raises(message=False):
        v < (1, 2, 4)
