import copy


class Config:
    """One shared instance per configuration class, built from the defaults along the MRO."""

    defaults = {}
    # Keyed by the exact class: a subclass never finds its parent's instance by inheritance.
    _instances = {}

    def __new__(cls):
        instance = Config._instances.get(cls)
        if instance is None:
            instance = super().__new__(cls)
            settings = {}
            for klass in reversed(cls.__mro__):
                settings.update(vars(klass).get("defaults", {}))
            instance._settings = settings
            Config._instances[cls] = instance
        return instance

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
