class _Transaction:
    def __init__(self, store):
        self._store = store

    def __enter__(self):
        self._saved = dict(self._store._data)
        return self._store

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self._store._data = self._saved
        return True  # bug: the exception is swallowed


class Store:
    def __init__(self):
        self._data = {}

    def get(self, key):
        return self._data.get(key)

    def set(self, key, value):
        self._data[key] = value

    def delete(self, key):
        del self._data[key]

    def snapshot(self):
        return dict(self._data)

    def transaction(self):
        return _Transaction(self)
