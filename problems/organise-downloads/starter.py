from pathlib import Path


def organise(root, dry_run=False):
    """Moves each visible file directly in root into a folder named after its extension;
    returns [(file name, new path relative to root), ...] in order of file name."""
    ...
