from contextlib import contextmanager


class Store:
    def __init__(self):
        self._data = {}
        self._saved = {}

    def get(self, key):
        return self._data.get(key)

    def set(self, key, value):
        self._data[key] = value

    def delete(self, key):
        del self._data[key]

    def snapshot(self):
        return dict(self._data)

    @contextmanager
    def transaction(self):
        # bug: one saved copy shared by all transactions, so nesting overwrites it
        self._saved = dict(self._data)
        try:
            yield self
        except Exception:
            self._data = dict(self._saved)
            raise
