import pytest

from durations import format_duration, parse_duration


@pytest.mark.parametrize("text", ["1h30m", "45s", "1d", "0s"])
def test_parse_does_not_crash(text):
    parse_duration(text)


@pytest.mark.parametrize("seconds", [0, 60, 5400, 86400])
def test_format_does_not_crash(seconds):
    format_duration(seconds)
