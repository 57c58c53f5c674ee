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
        # bug: splits on every '=', dropping the rest of the value
        parts = line.split("=")
        key, value = parts[0].strip(), parts[1].strip()
        if not key:
            if strict:
                raise ValueError(f"line {number}: empty key")
            errors.append(number)
            continue
        config[key] = value
    return config if strict else (config, errors)
