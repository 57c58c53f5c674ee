class Suppress:
    def __init__(self, *exception_types):
        self.exception_types = exception_types
        self.exception = None

    def __enter__(self):
        self.exception = None
        return self

    def __exit__(self, exc_type, exc, tb):
        # bug: swallows every exception, matching or not
        self.exception = exc
        return True
