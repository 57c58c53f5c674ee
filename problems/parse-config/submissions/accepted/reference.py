def parse_config(text, strict=True):
    config, errors = {}, []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key:
            if strict:
                raise ValueError(f"line {number}: expected key=value")
            errors.append(number)
            continue
        config[key] = value.strip()
    return config if strict else (config, errors)
