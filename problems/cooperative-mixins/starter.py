class Record:
    """The root of every record class."""

    def __init__(self, **kwargs):
        ...

    def describe(self):
        ...

    def summary(self):
        ...


class Named(Record):
    def __init__(self, *, name, **kwargs):
        ...

    def describe(self):
        ...

    def summary(self):
        ...


class Tagged(Record):
    def __init__(self, *, tags=(), **kwargs):
        ...

    @property
    def tags(self):
        ...

    def add_tag(self, tag):
        ...

    def describe(self):
        ...

    def summary(self):
        ...


class Audited(Record):
    def __init__(self, *, actor="system", **kwargs):
        ...

    def log(self, event):
        ...

    def history(self):
        ...

    def describe(self):
        ...

    def summary(self):
        ...
