class Suppress:
    def __init__(self, *exception_types):
        self.exception_types = exception_types
        self.exception = None

    def __enter__(self):
        self.exception = None
        return self

    def __exit__(self, exc_type, exc, tb):
        # bug: subclasses are not suppressed
        if exc_type in self.exception_types:
            self.exception = exc
            return True
        return False
