from itertools import islice


def chunked(items, n):
    if n < 1:
        raise ValueError("n must be at least 1")
    it = iter(items)
    result = []
    while chunk := list(islice(it, n)):
        result.append(chunk)
    return result
