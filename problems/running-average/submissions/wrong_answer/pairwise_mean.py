def make_averager():
    mean = None

    def averager(x):
        nonlocal mean
        mean = x if mean is None else (mean + x) / 2
        return mean

    return averager
