_state = {"count": 0}


def make_multipliers(n):
    return [lambda x, i=i: i * x for i in range(n)]


def make_handlers(names):
    return {name: (lambda event, name=name: f"{name} got {event}") for name in names}


def make_counter(start=0, step=1):
    _state["count"] = start  # one count for every counter

    def increment():
        _state["count"] += step
        return _state["count"]

    def current():
        return _state["count"]

    def reset():
        _state["count"] = start

    return increment, current, reset
