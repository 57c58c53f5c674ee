def make_counter(start=0, step=1):
    current = start - step

    def counter():
        nonlocal current
        current += step
        return current

    return counter


def run_counters(specs, calls):
    """Grading harness (do not change): build one counter per spec, then call them in order."""
    counters = [make_counter(*spec) for spec in specs]
    return [counters[i]() for i in calls]
