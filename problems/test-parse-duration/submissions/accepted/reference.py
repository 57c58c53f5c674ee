import pytest

from durations import format_duration, parse_duration


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("0s", 0),
        ("1s", 1),
        ("45s", 45),
        ("1m", 60),
        ("90m", 5400),
        ("1h", 3600),
        ("36h", 129600),
        ("1d", 86400),
        ("2d", 172800),
        ("1h30m", 5400),
        ("1h0m", 3600),
        ("1d2h", 93600),
        ("2d5s", 172805),
        ("1d1h1m1s", 90061),
        ("007s", 7),
        ("10d23h59m59s", 950399),
    ],
)
def test_parse_valid(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    "text",
    [
        "", "h", "s", "10", "1w", "5ms", "30m1h", "1s1m", "1h1h", "1m1m", "-5s", "+5s", "1.5h",
        "1H", "1D", "1h30M", " 1h", "1h ", "1h\n", "1h 30m", "1 h", "hh", "1hm",
    ],
)
def test_parse_invalid(text):
    with pytest.raises(ValueError) as raised:
        parse_duration(text)
    assert str(raised.value) == f"invalid duration: {text!r}"


@pytest.mark.parametrize("value", [90, None, b"1h", ["1h"]])
def test_parse_needs_a_str(value):
    with pytest.raises(TypeError, match="^duration must be a str$"):
        parse_duration(value)


@pytest.mark.parametrize(
    "seconds, text",
    [
        (0, "0s"),
        (1, "1s"),
        (59, "59s"),
        (60, "1m"),
        (61, "1m1s"),
        (3599, "59m59s"),
        (3600, "1h"),
        (3605, "1h5s"),
        (5400, "1h30m"),
        (86399, "23h59m59s"),
        (86400, "1d"),
        (86401, "1d1s"),
        (90061, "1d1h1m1s"),
        (172800 + 60, "2d1m"),
        (100 * 86400, "100d"),
    ],
)
def test_format(seconds, text):
    assert format_duration(seconds) == text


@pytest.mark.parametrize("seconds", [-1, -86400])
def test_format_refuses_negative(seconds):
    with pytest.raises(ValueError, match="^seconds must be non-negative$"):
        format_duration(seconds)


@pytest.mark.parametrize("value", [True, 60.0, "60", None])
def test_format_needs_an_int(value):
    with pytest.raises(TypeError, match="^seconds must be an int$"):
        format_duration(value)


@pytest.mark.parametrize("seconds", [0, 1, 59, 60, 3599, 3600, 3661, 86399, 86400, 93784, 10**7])
def test_round_trip(seconds):
    assert parse_duration(format_duration(seconds)) == seconds
