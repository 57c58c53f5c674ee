class Record:
    """The root of the chain: it takes whatever keyword arguments are left, and there must be none."""

    def __init__(self, **kwargs):
        if kwargs:
            raise TypeError(f"unexpected keyword arguments: {', '.join(sorted(kwargs))}")

    def describe(self):
        return {"kind": type(self).__name__}

    def summary(self):
        return []


class Named(Record):
    def __init__(self, *, name, **kwargs):
        if not isinstance(name, str) or not name.strip():
            raise ValueError("name must be a non-empty string")
        self.name = name
        super().__init__(**kwargs)

    def describe(self):
        description = super().describe()
        description["name"] = self.name
        return description

    def summary(self):
        return [f"Named({self.name!r})"] + super().summary()


class Tagged(Record):
    def __init__(self, *, tags=(), **kwargs):
        self._tags = []
        for tag in tags:
            self.add_tag(tag)
        super().__init__(**kwargs)

    @property
    def tags(self):
        return tuple(self._tags)

    def add_tag(self, tag):
        if not isinstance(tag, str) or not tag:
            raise ValueError("a tag must be a non-empty string")
        if tag not in self._tags:
            self._tags.append(tag)

    def describe(self):
        description = super().describe()
        description["tags"] = list(self._tags)
        return description

    def summary(self):
        return [f"Tagged({len(self._tags)})"] + super().summary()


class Audited(Record):
    def __init__(self, *, actor="system", **kwargs):
        super().__init__(**kwargs)
        self._events = [f"created by {actor}"]

    def log(self, event):
        self._events.append(event)

    def history(self):
        return list(self._events)

    def describe(self):
        description = super().describe()
        description["events"] = len(self._events)
        return description

    def summary(self):
        return [f"Audited({len(self._events)})"] + super().summary()
