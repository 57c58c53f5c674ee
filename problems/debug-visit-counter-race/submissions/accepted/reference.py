import threading


class MemoryStore:
    def __init__(self):
        self._data = {}

    def get(self, key):
        return self._data.get(key)

    def set(self, key, value):
        self._data[key] = value


class VisitCounter:
    def __init__(self, store=None):
        self._store = store if store is not None else MemoryStore()
        self._lock = threading.Lock()

    def hit(self, page):
        with self._lock:
            count = (self._store.get(page) or 0) + 1
            self._store.set(page, count)
        return count

    def visits(self, page):
        return self._store.get(page) or 0
