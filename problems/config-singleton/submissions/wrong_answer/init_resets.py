import copy


class Config:
    """Singleton in __new__, but the settings are built in __init__, which runs on every call."""

    defaults = {}
    _instances = {}

    def __new__(cls):
        if cls not in Config._instances:
            Config._instances[cls] = super().__new__(cls)
        return Config._instances[cls]

    def __init__(self):
        settings = {}
        for klass in reversed(type(self).__mro__):
            settings.update(copy.deepcopy(vars(klass).get("defaults", {})))
        self._settings = settings

    @classmethod
    def instance(cls):
        return cls()

    @classmethod
    def reset(cls):
        Config._instances.pop(cls, None)

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
