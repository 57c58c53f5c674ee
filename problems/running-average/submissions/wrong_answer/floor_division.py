def make_averager():
    total = 0
    count = 0

    def averager(x):
        nonlocal total, count
        total += x
        count += 1
        return total // count

    return averager
