def make_multipliers(n):
    """[f0, ..., f(n-1)] where the i-th function returns i * x."""
    ...


def make_handlers(names):
    """{name: handler} where handler(event) returns f"{name} got {event}"."""
    ...


def make_counter(start=0, step=1):
    """(increment, current, reset) sharing one private count, starting at `start`."""
    ...
