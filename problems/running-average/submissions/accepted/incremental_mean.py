def make_averager():
    mean = 0.0
    count = 0

    def averager(x):
        nonlocal mean, count
        count += 1
        mean += (x - mean) / count
        return mean

    return averager


def running_average(values):
    """Grading harness (do not change): feed values to one averager, collect its answers."""
    averager = make_averager()
    return [averager(x) for x in values]
