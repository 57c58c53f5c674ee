def safe_divide(a, b):
    # bug: the zero check runs before the strings are validated
    if b == 0:
        return None
    try:
        return float(a) / float(b)
    except (ZeroDivisionError, TypeError):
        return None
