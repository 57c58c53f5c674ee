def make_averager():
    mean = None

    def averager(x):
        nonlocal mean
        mean = x if mean is None else (mean + x) / 2
        return mean

    return averager


def running_average(values):
    """Grading harness (do not change): feed values to one averager, collect its answers."""
    averager = make_averager()
    return [averager(x) for x in values]
