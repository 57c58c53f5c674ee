def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


def take_fib(n):
    gen = fib()
    return [next(gen) for _ in range(n)]
