def _to_number(value):
    if isinstance(value, str):
        return float(value)
    return value


def safe_divide(a, b):
    a, b = _to_number(a), _to_number(b)
    try:
        return a / b
    except (ZeroDivisionError, TypeError):
        return None
