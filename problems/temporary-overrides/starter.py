import contextlib


class PatchedDict:
    """Changes a dict for the duration of a with block; its exact contents come back on exit."""

    def __init__(self, target, values=(), clear=False):
        ...

    def __enter__(self):
        ...

    def __exit__(self, exc_type, exc, traceback):
        ...


@contextlib.contextmanager
def override(obj, **attributes):
    """Sets attributes of obj for the duration of a with block, then puts back what was there
    (deleting the ones obj did not have itself)."""
    ...
