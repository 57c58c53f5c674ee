from math import isqrt


def pythagorean_triples(n):
    # For each hypotenuse c and shorter leg a, the other leg is fixed: b = sqrt(c*c - a*a).
    return sorted(
        [a, b, c]
        for c in range(1, n + 1)
        for a in range(1, c)
        for b in [isqrt(c * c - a * a)]
        if a < b and a * a + b * b == c * c
    )
