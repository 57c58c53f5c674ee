class UnknownName(LookupError):
    pass


class Registry:
    def __init__(self, kind):
        ...

    def register(self, name=None, *, aliases=()):
        """A decorator: @registry.register, @registry.register() or @registry.register("name", aliases=[...])."""
        ...

    def get(self, name):
        ...

    def create(self, name, *args, **kwargs):
        ...

    def unregister(self, name):
        ...

    def names(self):
        ...

    def __contains__(self, name):
        ...

    def __len__(self):
        ...
