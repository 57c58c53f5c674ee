def parse_lines(lines):
    records = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        level, sep, message = line.partition(":")
        if not sep:
            raise ValueError(f"bad log line: {line!r}")
        records.append((level.strip().upper(), message.strip()))
    return iter(records)


def with_level(records, *levels):
    wanted = {level.upper() for level in levels}
    return (record for record in records if record[0] in wanted)


def take(n, iterable):
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
    errors = with_level(parse_lines(lines), "ERROR")
    return (message for _, message in take(n, errors))
