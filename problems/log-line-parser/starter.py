import re
from datetime import datetime, timezone

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class LogFormatError(ValueError):
    """A line that is not a log line; line_no is its 1-based number, or None."""

    def __init__(self, line, line_no=None):
        ...


def parse_line(line, line_no=None):
    """One log line as a dict: timestamp, level, component, message, fields."""
    ...


def summarize(lines, strict=False):
    """Counts per level, the ERROR/CRITICAL lines and the numbers of the bad lines."""
    ...
