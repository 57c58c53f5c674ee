import contextlib


class PatchedDict:
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
        return False


_MISSING = object()


@contextlib.contextmanager
def override(obj, **attributes):
    saved = []
    for name, value in attributes.items():
        own = vars(obj)
        saved.append((name, own[name] if name in own else _MISSING))
        setattr(obj, name, value)
    yield obj
    # No try/finally: an exception in the block skips the restore.
    for name, previous in reversed(saved):
        if previous is _MISSING:
            delattr(obj, name)
        else:
            setattr(obj, name, previous)
