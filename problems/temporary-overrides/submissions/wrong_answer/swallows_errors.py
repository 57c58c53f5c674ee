import contextlib


class PatchedDict:
    def __init__(self, target, values=(), clear=False):
        self.target = target
        self.values = dict(values)
        self.clear = clear

    def __enter__(self):
        self._saved = dict(self.target)
        if self.clear:
            self.target.clear()
        self.target.update(self.values)
        return self.target

    def __exit__(self, exc_type, exc, traceback):
        self.target.clear()
        self.target.update(self._saved)
        return True  # swallows every exception raised in the block


_MISSING = object()


@contextlib.contextmanager
def override(obj, **attributes):
    saved = []
    try:
        for name, value in attributes.items():
            own = vars(obj)
            saved.append((name, own[name] if name in own else _MISSING))
            setattr(obj, name, value)
        yield obj
    finally:
        for name, previous in saved:
            if previous is _MISSING:
                delattr(obj, name)
            else:
                setattr(obj, name, previous)
