import pytest

from durations import format_duration, parse_duration


@pytest.mark.parametrize("text, seconds", [("1h30m", 5400), ("45s", 45), ("2h", 7200)])
def test_parse(text, seconds):
    assert parse_duration(text) == seconds


def test_format():
    assert format_duration(5400) == "1h30m"
