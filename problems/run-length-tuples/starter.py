def rle_encode(iterable):
    """Lazily yields (item, count) for each run of equal consecutive items."""
    ...


def rle_decode(pairs):
    """Lazily yields each item `count` times for every (item, count) pair."""
    ...


def longest_run(iterable):
    """The (item, count) of the first longest run, or None for an empty iterable."""
    ...
