def parse_config(text, strict=True):
    config, errors = {}, []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if "=" not in line:
            if strict:
                raise ValueError(f"line {number}: expected key=value")
            errors.append(number)
            continue
        key, value = line.split("=", 1)
        # bug: an empty key is accepted
        config[key.strip()] = value.strip()
    return config if strict else (config, errors)
