from contextlib import AbstractContextManager


class Suppress(AbstractContextManager):
    def __init__(self, *exception_types):
        self._types = exception_types
        self.exception = None

    def __enter__(self):
        self.exception = None
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and issubclass(exc_type, self._types):
            self.exception = exc
            return True
        return None
