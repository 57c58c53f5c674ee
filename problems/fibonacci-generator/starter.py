def fib():
    """Yield 0, 1, 1, 2, 3, 5, ... forever."""
    ...


def take_fib(n: int) -> list[int]:
    """Return the first n Fibonacci numbers, taken from fib()."""
    ...
