_value = 0


def make_counter(start=0, step=1):
    global _value
    _value = start

    def counter():
        global _value
        result = _value
        _value += step
        return result

    return counter
