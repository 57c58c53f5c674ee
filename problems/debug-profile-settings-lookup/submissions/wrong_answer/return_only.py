class MissingSetting(Exception):
    pass


def lookup(profiles, name, key, seen):
    if name in seen:
        raise ValueError("cycle in profiles: " + " -> ".join(seen + [name]))
    profile = profiles[name]
    settings = profile.get("settings", {})
    if key in settings:
        return settings[key]
    parent = profile.get("extends")
    if parent is None:
        raise MissingSetting(key)
    return lookup(profiles, parent, key, seen + [name])


def resolve(profiles, name, key, default=None):
    try:
        return lookup(profiles, name, key, [])
    except:
        return default
