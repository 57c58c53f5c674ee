def make_counter(start=0, step=1):
    value = start

    def counter():
        nonlocal value
        result = value
        value += step
        return result

    return counter
