from math import gcd, isqrt


def pythagorean_triples(n):
    return [
        [a, b, c]
        for a in range(1, n + 1)
        for b in range(a + 1, n + 1)
        for c in [isqrt(a * a + b * b)]
        if c <= n and c * c == a * a + b * b and gcd(a, b) == 1
    ]
