def make_averager():
    total = 0
    count = 0

    def averager(x):
        nonlocal total, count
        total += x
        count += 1
        return total // count

    return averager


def running_average(values):
    """Grading harness (do not change): feed values to one averager, collect its answers."""
    averager = make_averager()
    return [averager(x) for x in values]
