class MinStack:
    """A stack of ints whose push, pop, top, get_min and len are all O(1)."""

    def __init__(self):
        ...

    def push(self, x):
        ...

    def pop(self):
        """Remove and return the top; IndexError if empty."""
        ...

    def top(self):
        """Return the top; IndexError if empty."""
        ...

    def get_min(self):
        """Return the minimum; IndexError if empty."""
        ...

    def __len__(self):
        ...
