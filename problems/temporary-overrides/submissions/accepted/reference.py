import contextlib


class PatchedDict:
    """Changes a dict for the duration of a with block; its exact contents come back on exit."""

    def __init__(self, target, values=(), clear=False):
        self.target = target
        self.values = dict(values)
        self.clear = clear
        self._saved = None

    def __enter__(self):
        self._saved = dict(self.target)
        if self.clear:
            self.target.clear()
        self.target.update(self.values)
        return self.target

    def __exit__(self, exc_type, exc, traceback):
        self.target.clear()
        self.target.update(self._saved)
        self._saved = None
        return False


_MISSING = object()


@contextlib.contextmanager
def override(obj, **attributes):
    """Sets attributes of obj for the duration of a with block, then puts back what was there."""
    saved = []
    try:
        for name, value in attributes.items():
            own = vars(obj)
            previous = own[name] if name in own else _MISSING
            setattr(obj, name, value)
            saved.append((name, previous))
        yield obj
    finally:
        for name, previous in reversed(saved):
            if previous is _MISSING:
                delattr(obj, name)
            else:
                setattr(obj, name, previous)
