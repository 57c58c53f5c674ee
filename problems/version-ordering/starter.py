class Version:
    def __init__(self, text):
        """Parses "1.2.3" or "1.2.3-rc1"."""
        ...

    @property
    def release(self):
        """The numeric parts as written, e.g. (1, 2, 0)."""
        ...

    @property
    def pre(self):
        """The pre-release label, or None."""
        ...

    @property
    def is_prerelease(self):
        ...

    def __eq__(self, other):
        ...

    def __lt__(self, other):
        ...

    def __hash__(self):
        ...

    def __str__(self):
        ...

    def __repr__(self):
        ...
