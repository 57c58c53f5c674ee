class Suppress:
    def __init__(self, *exception_types):
        self.exception_types = exception_types
        self.exception = None

    def __enter__(self):
        self.exception = None
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc is not None and isinstance(exc, self.exception_types):
            self.exception = exc
            return True
        return False
