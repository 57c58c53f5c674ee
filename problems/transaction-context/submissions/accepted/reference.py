class _Transaction:
    def __init__(self, store):
        self._store = store
        self._saved = None

    def __enter__(self):
        self._saved = dict(self._store._data)
        return self._store

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self._store._data = self._saved
        return False


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

    # ---- test driver: do not change ----
    def apply(self, ops):
        """Run ops inside one transaction; True if it committed, False if it rolled back."""
        try:
            with self.transaction():
                for op, *args in ops:
                    if op == "set":
                        self.set(*args)
                    elif op == "delete":
                        self.delete(*args)
                    elif op == "nested":
                        self.apply(args[0])
                    elif op == "fail":
                        raise RuntimeError("failure requested")
        except Exception:
            return False
        return True

