def make_counter(start=0, step=1, _state={}):
    _state.setdefault("value", start)

    def counter():
        result = _state["value"]
        _state["value"] += step
        return result

    return counter
