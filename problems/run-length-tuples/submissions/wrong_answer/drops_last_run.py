# A hand-written loop that forgets to yield the run still open when the input ends.
def rle_encode(iterable):
    current = None
    count = 0
    for item in iterable:
        if count and item == current:
            count += 1
            continue
        if count:
            yield current, count
        current, count = item, 1


def rle_decode(pairs):
    for pair in pairs:
        try:
            item, count = pair
        except (TypeError, ValueError):
            raise ValueError(f"bad run: {pair!r}") from None
        if type(count) is not int or count < 1:
            raise ValueError(f"bad run: {pair!r}")
        for _ in range(count):
            yield item


def longest_run(iterable):
    best = None
    for item, count in rle_encode(iterable):
        if best is None or count > best[1]:
            best = (item, count)
    return best
