import re

_NAME = re.compile(r"[a-z0-9_-]+")


class UnknownName(LookupError):
    pass


class Registry:
    """A named factory: classes (or any callables) register under names, create() builds them."""

    def __init__(self, kind):
        self.kind = kind
        self._factories = {}
        self._aliases = {}

    def _normalise(self, name):
        if not isinstance(name, str):
            raise TypeError(f"{self.kind} name must be a str")
        name = name.lower()
        if not _NAME.fullmatch(name):
            raise ValueError(f"invalid {self.kind} name: {name!r}")
        return name

    def register(self, name=None, *, aliases=()):
        # Bare `@registry.register`: the class comes in place of the name.
        if callable(name) and not isinstance(name, str):
            return self.register()(name)

        def decorator(factory):
            if not callable(factory):
                raise TypeError("can only register a callable")
            canonical = self._normalise(name if name is not None else factory.__name__)
            names = [canonical] + [self._normalise(alias) for alias in aliases]
            for each in names:
                if each in self or names.count(each) > 1:
                    raise ValueError(f"{self.kind} {each!r} is already registered")
            self._factories[canonical] = factory
            for alias in names[1:]:
                self._aliases[alias] = canonical
            return factory

        return decorator

    def _canonical(self, name):
        key = name.lower() if isinstance(name, str) else name
        key = self._aliases.get(key, key)
        if key not in self._factories:
            known = ", ".join(self.names()) or "none"
            raise UnknownName(f"unknown {self.kind} {name!r} (known: {known})")
        return key

    def get(self, name):
        return self._factories[self._canonical(name)]

    def create(self, name, *args, **kwargs):
        return self.get(name)(*args, **kwargs)

    def unregister(self, name):
        canonical = self._canonical(name)
        self._aliases = {a: c for a, c in self._aliases.items() if c != canonical}
        return self._factories.pop(canonical)

    def names(self):
        return sorted(self._factories)

    def __contains__(self, name):
        if not isinstance(name, str):
            return False
        name = name.lower()
        return name in self._factories or name in self._aliases

    def __len__(self):
        return len(self._factories)
