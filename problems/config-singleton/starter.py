class Config:
    """Subclass it and declare `defaults = {...}`; every subclass has one shared instance."""

    defaults = {}

    def __new__(cls):
        ...

    @classmethod
    def instance(cls):
        ...

    @classmethod
    def reset(cls):
        ...

    def get(self, key):
        ...

    def set(self, key, value):
        ...

    def as_dict(self):
        ...
