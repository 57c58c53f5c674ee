from math import isqrt


def pythagorean_triples(n):
    return [
        [a, b, c]
        for a in range(1, n)
        for b in range(a + 1, n)
        for c in [isqrt(a * a + b * b)]
        if c < n and c * c == a * a + b * b
    ]
