class MinStack:
    def __init__(self):
        self._values = []
        self._mins = []  # non-increasing; duplicates of the minimum are kept

    def push(self, x):
        self._values.append(x)
        if not self._mins or x <= self._mins[-1]:
            self._mins.append(x)

    def pop(self):
        x = self._values.pop()  # IndexError when empty
        if x == self._mins[-1]:
            self._mins.pop()
        return x

    def top(self):
        return self._values[-1]

    def get_min(self):
        return self._mins[-1]

    def __len__(self):
        return len(self._values)
