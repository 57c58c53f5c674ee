from contextlib import contextmanager


class Store:
    def __init__(self):
        self._data = {}
        self._logs = []

    def get(self, key):
        return self._data.get(key)

    def set(self, key, value):
        if self._logs:
            self._logs[-1].append((key, self._data.get(key)))
        self._data[key] = value

    def delete(self, key):
        # bug: deletes are not recorded, so they are never undone
        del self._data[key]

    def snapshot(self):
        return dict(self._data)

    @contextmanager
    def transaction(self):
        self._logs.append([])
        try:
            yield self
        except Exception:
            for key, old in reversed(self._logs.pop()):
                if old is None:
                    self._data.pop(key, None)
                else:
                    self._data[key] = old
            raise
        else:
            log = self._logs.pop()
            if self._logs:
                self._logs[-1].extend(log)
