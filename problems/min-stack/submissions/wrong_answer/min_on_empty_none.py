class MinStack:
    def __init__(self):
        self._items = []

    def push(self, x):
        current = min(x, self._items[-1][1]) if self._items else x
        self._items.append((x, current))

    def pop(self):
        return self._items.pop()[0]

    def top(self):
        # bug: returns None instead of raising on an empty stack
        return self._items[-1][0] if self._items else None

    def get_min(self):
        return self._items[-1][1] if self._items else None

    def __len__(self):
        return len(self._items)
