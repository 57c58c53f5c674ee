import itertools


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
    for record in records:
        if record[0] in wanted:
            yield record


def take(n, iterable):
    # A generator function: the check runs only at the first next(), not at the call.
    if n < 0:
        raise ValueError("n must be at least 0")
    yield from itertools.islice(iterable, n)


def first_errors(lines, n):
    for _, message in take(n, with_level(parse_lines(lines), "ERROR")):
        yield message
