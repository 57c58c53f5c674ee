def make_counter(start=0, step=1):
    value = start

    def counter():
        nonlocal value
        result = value
        value += step
        return result

    return counter


def run_counters(specs, calls):
    """Grading harness (do not change): build one counter per spec, then call them in order."""
    counters = [make_counter(*spec) for spec in specs]
    return [counters[i]() for i in calls]
