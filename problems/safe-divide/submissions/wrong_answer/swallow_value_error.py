def safe_divide(a, b):
    try:
        if isinstance(a, str):
            a = float(a)
        if isinstance(b, str):
            b = float(b)
        return a / b
    except (ZeroDivisionError, TypeError):
        return None
    except ValueError:
        # bug: a non-numeric string should raise, not return a value
        return float("0")
