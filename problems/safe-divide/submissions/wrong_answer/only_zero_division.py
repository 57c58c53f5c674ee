def safe_divide(a, b):
    if isinstance(a, str):
        a = float(a)
    if isinstance(b, str):
        b = float(b)
    # bug: TypeError is not handled, and a non-number divisor is not caught
    if b == 0:
        return None
    try:
        return a / b
    except ZeroDivisionError:
        return None
    except TypeError:
        return 0.0
