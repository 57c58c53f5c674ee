def make_counter(start: int = 0, step: int = 1):
    """Return a function that yields start, start + step, ... on successive calls."""
    ...


def run_counters(specs, calls):
    """Grading harness (do not change): build one counter per spec, then call them in order."""
    counters = [make_counter(*spec) for spec in specs]
    return [counters[i]() for i in calls]
