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

    # ---- test driver: do not change ----
    def apply(self, ops):
        """Run ops inside one transaction; True if it committed, False if it rolled back."""
        try:
            with self.transaction():
                for op, *args in ops:
                    if op == "set":
                        self.set(*args)
                    elif op == "delete":
                        self.delete(*args)
                    elif op == "nested":
                        self.apply(args[0])
                    elif op == "fail":
                        raise RuntimeError("failure requested")
        except Exception:
            return False
        return True

