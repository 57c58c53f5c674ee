from contextlib import contextmanager

_MISSING = object()


class Store:
    def __init__(self):
        self._data = {}
        self._logs = []  # one undo log per open transaction

    def _record(self, key):
        if self._logs:
            self._logs[-1].append((key, self._data.get(key, _MISSING)))

    def get(self, key):
        return self._data.get(key)

    def set(self, key, value):
        self._record(key)
        self._data[key] = value

    def delete(self, key):
        if key not in self._data:
            raise KeyError(key)
        self._record(key)
        del self._data[key]

    def snapshot(self):
        return dict(self._data)

    @contextmanager
    def transaction(self):
        self._logs.append([])
        try:
            yield self
        except BaseException:
            for key, old in reversed(self._logs.pop()):
                if old is _MISSING:
                    self._data.pop(key, None)
                else:
                    self._data[key] = old
            raise
        else:
            log = self._logs.pop()
            if self._logs:
                self._logs[-1].extend(log)
