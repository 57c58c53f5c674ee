def parse_lines(lines):
    """Yields (LEVEL, message) for each non-blank, non-comment line; ValueError on a line
    without ':' when it is reached."""
    ...


def with_level(records, *levels):
    """Yields the records whose level is one of `levels` (case-insensitive), in order."""
    ...


def take(n, iterable):
    """Yields at most the first n items, pulling no more than n; ValueError at the call if n < 0."""
    ...


def first_errors(lines, n):
    """An iterator over the messages of the first n ERROR records, read lazily."""
    ...
