def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


def take_fib(n):
    if n < 0:
        raise ValueError("n must be non-negative")
    return [x for _, x in zip(range(n), fib())]
