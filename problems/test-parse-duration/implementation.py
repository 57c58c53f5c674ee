"""Durations written the way people type them in config files: "1h30m" <-> 5400 seconds."""
import re

_UNITS = (("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1))
_PATTERN = re.compile("".join(f"(?:([0-9]+){unit})?" for unit, _ in _UNITS))


def parse_duration(text):
    """The number of seconds `text` stands for."""
    if not isinstance(text, str):
        raise TypeError("duration must be a str")
    match = _PATTERN.fullmatch(text)
    if not text or match is None:
        raise ValueError(f"invalid duration: {text!r}")
    return sum(int(amount) * size for amount, (_, size) in zip(match.groups(), _UNITS) if amount)


def format_duration(seconds):
    """The shortest text parse_duration reads back as `seconds`."""
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise TypeError("seconds must be an int")
    if seconds < 0:
        raise ValueError("seconds must be non-negative")
    if seconds == 0:
        return "0s"
    parts = []
    for unit, size in _UNITS:
        amount, seconds = divmod(seconds, size)
        if amount:
            parts.append(f"{amount}{unit}")
    return "".join(parts)
