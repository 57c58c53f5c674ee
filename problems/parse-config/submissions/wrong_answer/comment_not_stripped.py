def parse_config(text, strict=True):
    config, errors = {}, []
    for number, raw in enumerate(text.splitlines(), start=1):
        # bug: an indented comment is checked before stripping
        if raw.startswith("#") or not raw.strip():
            continue
        key, sep, value = raw.partition("=")
        if not sep or not key.strip():
            if strict:
                raise ValueError(f"line {number}: expected key=value")
            errors.append(number)
            continue
        config[key.strip()] = value.strip()
    return config if strict else (config, errors)
