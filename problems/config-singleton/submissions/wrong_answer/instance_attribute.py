import copy


class Config:
    """The textbook singleton: one `_instance` attribute, looked up through the class."""

    defaults = {}
    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
            settings = {}
            for klass in reversed(cls.__mro__):
                settings.update(copy.deepcopy(vars(klass).get("defaults", {})))
            cls._instance._settings = settings
        return cls._instance

    @classmethod
    def instance(cls):
        return cls()

    @classmethod
    def reset(cls):
        cls._instance = None

    def get(self, key):
        if key not in self._settings:
            raise KeyError(f"unknown setting: {key}")
        return self._settings[key]

    def set(self, key, value):
        current = self.get(key)
        if type(value) is not type(current):
            raise TypeError(f"setting {key} must be {type(current).__name__}, not {type(value).__name__}")
        self._settings[key] = value

    def as_dict(self):
        return copy.deepcopy(self._settings)
