from abc import ABC, abstractmethod

_MISSING = object()  # a default no caller can pass by accident


class Storage(ABC):
    """A key-value store: subclasses implement `name` and the four hooks; the public methods are
    written here, on top of the hooks."""

    # abstract: name (a property), _read, _write, _remove, _keys

    def get(self, key, default=_MISSING):
        ...

    def put(self, key, value):
        ...

    def delete(self, key):
        ...

    def pop(self, key, default=_MISSING):
        ...

    def update(self, mapping):
        ...

    def __contains__(self, key):
        ...

    def __len__(self):
        ...

    def __iter__(self):
        ...


class MemoryStorage(Storage):
    def __init__(self, initial=None):
        ...
