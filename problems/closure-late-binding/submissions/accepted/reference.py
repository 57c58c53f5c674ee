def make_multipliers(n):
    """[f0, f1, ..., f(n-1)] where f_i(x) == i * x."""
    return [lambda x, i=i: i * x for i in range(n)]


def make_handlers(names):
    """{name: handler} where handler(event) == f"{name} got {event}"."""
    def make(name):
        def handler(event):
            return f"{name} got {event}"
        return handler
    return {name: make(name) for name in names}


def make_counter(start=0, step=1):
    """(increment, current, reset) sharing one private count."""
    count = start

    def increment():
        nonlocal count
        count += step
        return count

    def current():
        return count

    def reset():
        nonlocal count
        count = start

    return increment, current, reset
