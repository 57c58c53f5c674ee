def make_averager():
    """Return averager(x): add x and return the mean of all values so far."""
    ...


def running_average(values):
    """Grading harness (do not change): feed values to one averager, collect its answers."""
    averager = make_averager()
    return [averager(x) for x in values]
