import pytest

from durations import format_duration, parse_duration


@pytest.mark.parametrize("seconds", [1, 59, 60, 3600, 3605, 5400, 86399, 86400, 90061])
def test_round_trip(seconds):
    assert parse_duration(format_duration(seconds)) == seconds


@pytest.mark.parametrize("text", ["1x", "30m1h", "1.5h", "-5s"])
def test_garbage_is_refused(text):
    with pytest.raises(ValueError):
        parse_duration(text)
