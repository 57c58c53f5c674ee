def make_multipliers(n):
    return [lambda x: i * x for i in range(n)]  # every lambda sees the last i


def make_handlers(names):
    handlers = {}
    for name in names:
        def handler(event):
            return f"{name} got {event}"  # every handler sees the last name
        handlers[name] = handler
    return handlers


def make_counter(start=0, step=1):
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
