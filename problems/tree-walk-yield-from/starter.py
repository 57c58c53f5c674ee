def walk(tree, prefix=""):
    """Yields (path, size) for every file, depth first; returns the total size (use yield from)."""
    ...


def du(tree, prefix=""):
    """Yields (path, total size) for every directory after its contents; returns the total size."""
    ...


def summarize(tree):
    """(number of files, total size) from one pass of walk(tree) and its return value."""
    ...
