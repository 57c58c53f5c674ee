class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self._data = {}

    def get(self, key):
        # bug: a hit does not make the key most recently used
        return self._data.get(key, -1)

    def put(self, key, value):
        if key in self._data:
            del self._data[key]
        self._data[key] = value
        if len(self._data) > self.capacity:
            del self._data[next(iter(self._data))]
