def _size(path, entry):
    if isinstance(entry, bool) or not isinstance(entry, int) or entry < 0:
        raise ValueError(f"bad size for {path!r}: {entry!r}")
    return entry


def walk(tree, prefix=""):
    total = 0
    for name, entry in tree.items():
        path = prefix + name
        if isinstance(entry, dict):
            for item in walk(entry, path + "/"):  # a for loop drops the subtree's total
                yield item
        else:
            size = _size(path, entry)
            yield path, size
            total += size
    return total


def du(tree, prefix=""):
    total = 0
    for name, entry in tree.items():
        path = prefix + name
        if isinstance(entry, dict):
            size = yield from du(entry, path + "/")
            yield path, size
            total += size
        else:
            total += _size(path, entry)
    return total


def summarize(tree):
    files = 0
    walker = walk(tree)
    while True:
        try:
            next(walker)
        except StopIteration as done:
            return files, done.value
        files += 1
