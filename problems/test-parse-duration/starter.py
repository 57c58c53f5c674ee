import pytest

from durations import format_duration, parse_duration


@pytest.mark.parametrize("text, seconds", [("1h30m", 5400)])
def test_parse(text, seconds):
    assert parse_duration(text) == seconds
