def _size(path, entry):
    if not isinstance(entry, int) or entry < 0:  # True passes as a size of 1
        raise ValueError(f"bad size for {path!r}: {entry!r}")
    return entry


def walk(tree, prefix=""):
    total = 0
    for name, entry in tree.items():
        path = prefix + name
        if isinstance(entry, dict):
            total += yield from walk(entry, path + "/")
        else:
            size = _size(path, entry)
            yield path, size
            total += size
    return total


def _total(tree, prefix):
    return sum(size for _, size in walk(tree, prefix))


def du(tree, prefix=""):
    # Each directory first (pre-order), its size computed by a separate walk.
    for name, entry in tree.items():
        path = prefix + name
        if isinstance(entry, dict):
            yield path, _total(entry, path + "/")
            yield from du(entry, path + "/")
    return _total(tree, prefix)


def summarize(tree):
    items = list(walk(tree))
    return len(items), sum(size for _, size in items)
