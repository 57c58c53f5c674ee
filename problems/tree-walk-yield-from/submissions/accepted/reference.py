def _size(path, entry):
    if isinstance(entry, bool) or not isinstance(entry, int) or entry < 0:
        raise ValueError(f"bad size for {path!r}: {entry!r}")
    return entry


def walk(tree, prefix=""):
    """Yields (path, size) for every file, depth first in the tree's order; returns the total."""
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


def du(tree, prefix=""):
    """Yields (path, total size) for every directory after everything in it; returns the total."""
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
    """(number of files, total size), from one pass of walk() and its return value."""
    files = 0
    walker = walk(tree)
    while True:
        try:
            next(walker)
        except StopIteration as done:
            return files, done.value
        files += 1
