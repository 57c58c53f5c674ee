class MinStack:
    def __init__(self):
        self._values = []
        self._min = None

    def push(self, x):
        self._values.append(x)
        if self._min is None or x < self._min:
            self._min = x

    def pop(self):
        # bug: the minimum is never restored after popping it
        return self._values.pop()

    def top(self):
        return self._values[-1]

    def get_min(self):
        if not self._values:
            raise IndexError("empty")
        return self._min

    def __len__(self):
        return len(self._values)
