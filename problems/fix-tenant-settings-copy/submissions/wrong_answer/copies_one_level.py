import copy

DEFAULTS = {
    "database": {"host": "localhost", "port": 5432, "pool": 5},
    "cache": {"backend": "memory", "ttl": 300},
    "features": {"beta": False, "flags": []},
}


def settings_for(overrides):
    settings = {section: dict(values) for section, values in DEFAULTS.items()}
    for dotted, value in overrides.items():
        section, _, key = dotted.partition(".")
        if section not in settings or key not in settings[section]:
            raise KeyError(f"unknown setting {dotted!r}")
        settings[section][key] = value
    return settings


def enable_flag(settings, flag):
    flags = settings["features"]["flags"]
    if flag not in flags:
        flags.append(flag)
    return settings
