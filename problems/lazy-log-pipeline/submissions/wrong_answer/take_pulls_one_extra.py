def parse_lines(lines):
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        level, sep, message = line.partition(":")
        if not sep:
            raise ValueError(f"bad log line: {line!r}")
        yield level.strip().upper(), message.strip()


def with_level(records, *levels):
    wanted = {level.upper() for level in levels}
    return (record for record in records if record[0] in wanted)


def take(n, iterable):
    if n < 0:
        raise ValueError("n must be at least 0")
    return _take(n, iterable)


def _take(n, iterable):
    # Checks the count before yielding: the item after the n-th is pulled, then dropped.
    for index, item in enumerate(iterable):
        if index >= n:
            break
        yield item


def first_errors(lines, n):
    errors = with_level(parse_lines(lines), "ERROR")
    return (message for _, message in take(n, errors))
