import contextlib


class PatchedDict:
    def __init__(self, target, values=(), clear=False):
        self.target = target
        self.values = values
        self.clear = clear

    def __enter__(self):
        self.saved = dict(self.target)
        if self.clear:
            self.target.clear()
        self.target.update(self.values)
        return self.target

    def __exit__(self, exc_type, exc, traceback):
        # Puts the old values back but leaves keys the block added.
        self.target.update(self.saved)


@contextlib.contextmanager
def override(obj, **attributes):
    saved = {name: getattr(obj, name, None) for name in attributes}
    try:
        for name, value in attributes.items():
            setattr(obj, name, value)
        yield obj
    finally:
        for name, value in saved.items():
            setattr(obj, name, value)  # a missing attribute comes back as None
