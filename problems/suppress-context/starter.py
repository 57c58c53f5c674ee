class Suppress:
    """Context manager that swallows the given exception types.

    with Suppress(KeyError, IndexError) as guard:
        ...
    guard.exception is the swallowed exception, or None.
    """

    def __init__(self, *exception_types):
        ...

    def __enter__(self):
        ...

    def __exit__(self, exc_type, exc, tb):
        ...
