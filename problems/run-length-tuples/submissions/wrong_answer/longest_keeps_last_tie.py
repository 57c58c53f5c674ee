# Uses >= so the last of equally long runs wins.
from itertools import chain, groupby, repeat


def rle_encode(iterable):
    for item, run in groupby(iterable):
        yield item, sum(1 for _ in run)


def _checked(pair):
    try:
        item, count = pair
    except (TypeError, ValueError):
        raise ValueError(f"bad run: {pair!r}") from None
    if type(count) is not int or count < 1:
        raise ValueError(f"bad run: {pair!r}")
    return item, count


def rle_decode(pairs):
    return chain.from_iterable(repeat(*_checked(pair)) for pair in pairs)


def longest_run(iterable):
    best = None
    for item, count in rle_encode(iterable):
        if best is None or count >= best[1]:
            best = (item, count)
    return best
