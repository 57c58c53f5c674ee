class Store:
    """In-memory key-value store with nested, rollback-on-exception transactions."""

    def __init__(self):
        ...

    def get(self, key):
        """The value for key, or None."""
        ...

    def set(self, key, value):
        ...

    def delete(self, key):
        """Remove key; KeyError if missing."""
        ...

    def snapshot(self):
        """A dict copy of the contents."""
        ...

    def transaction(self):
        """A context manager: keep changes on success, undo them if the block raises."""
        ...
