from abc import ABC, abstractmethod

_MISSING = object()


class Storage(ABC):
    """A key-value store. Subclasses implement the four hooks and `name`; every public method is
    written here, once, on top of the hooks."""

    @property
    @abstractmethod
    def name(self):
        """A short name of the backend."""

    @abstractmethod
    def _read(self, key):
        """The value stored under key; KeyError(key) when there is none."""

    @abstractmethod
    def _write(self, key, value):
        """Stores value under key."""

    @abstractmethod
    def _remove(self, key):
        """Removes key; KeyError(key) when there is none."""

    @abstractmethod
    def _keys(self):
        """An iterable of the stored keys, in any order."""

    @staticmethod
    def _check_key(key):
        if not isinstance(key, str):
            raise TypeError("key must be a str")
        if not key:
            raise ValueError("key must not be empty")

    def get(self, key, default=_MISSING):
        self._check_key(key)
        try:
            return self._read(key)
        except KeyError:
            if default is _MISSING:
                raise
            return default

    def put(self, key, value):
        self._check_key(key)
        self._write(key, value)

    def delete(self, key):
        self._check_key(key)
        self._remove(key)

    def pop(self, key, default=_MISSING):
        value = self.get(key, default)
        if key in self:
            self._remove(key)
        return value

    def update(self, mapping):
        for key, value in mapping.items():
            self.put(key, value)
        return len(mapping)

    def __contains__(self, key):
        if not isinstance(key, str) or not key:
            return False
        try:
            self._read(key)
        except KeyError:
            return False
        return True

    def __len__(self):
        return sum(1 for _ in self._keys())

    def __iter__(self):
        return iter(sorted(self._keys()))


class MemoryStorage(Storage):
    _data = {}

    def __init__(self, initial=None):
        if initial is not None:
            self.update(initial)

    @property
    def name(self):
        return "memory"

    def _read(self, key):
        return self._data[key]

    def _write(self, key, value):
        self._data[key] = value

    def _remove(self, key):
        del self._data[key]

    def _keys(self):
        return self._data.keys()
