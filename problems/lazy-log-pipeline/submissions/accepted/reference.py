def parse_lines(lines):
    """Yields (level, message) for each log line, skipping blanks and comments."""
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        level, sep, message = line.partition(":")
        if not sep:
            raise ValueError(f"bad log line: {line!r}")
        yield level.strip().upper(), message.strip()


def with_level(records, *levels):
    """Yields the records whose level is one of `levels`."""
    wanted = {level.upper() for level in levels}
    return (record for record in records if record[0] in wanted)


def take(n, iterable):
    """Yields at most the first n items of iterable, never pulling an item more."""
    if n < 0:
        raise ValueError("n must be at least 0")

    def items():
        if n == 0:
            return
        for count, item in enumerate(iterable, start=1):
            yield item
            if count == n:
                return

    return items()


def first_errors(lines, n):
    """The messages of the first n ERROR records, computed lazily."""
    errors = with_level(parse_lines(lines), "ERROR")
    return (message for _, message in take(n, errors))
