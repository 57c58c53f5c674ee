def make_averager():
    mean = 0.0
    count = 0

    def averager(x):
        nonlocal mean, count
        count += 1
        mean += (x - mean) / count
        return mean

    return averager
