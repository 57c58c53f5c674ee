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

