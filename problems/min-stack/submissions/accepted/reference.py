class MinStack:
    def __init__(self):
        self._items = []  # pairs (value, minimum of the stack up to here)

    def push(self, x):
        current = min(x, self._items[-1][1]) if self._items else x
        self._items.append((x, current))

    def pop(self):
        if not self._items:
            raise IndexError("pop from empty stack")
        return self._items.pop()[0]

    def top(self):
        if not self._items:
            raise IndexError("top from empty stack")
        return self._items[-1][0]

    def get_min(self):
        if not self._items:
            raise IndexError("get_min from empty stack")
        return self._items[-1][1]

    def __len__(self):
        return len(self._items)
