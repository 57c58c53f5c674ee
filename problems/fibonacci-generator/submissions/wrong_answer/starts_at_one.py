from itertools import islice


def fib():
    a, b = 1, 1
    while True:
        yield a
        a, b = b, a + b


def take_fib(n):
    if n < 0:
        raise ValueError("n must be non-negative")
    return list(islice(fib(), n))
