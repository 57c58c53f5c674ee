import math


def calculate_pi(n):
    total = 0.0
    for i in range(1, n + 1):
        total += 1 / i**2
    return math.sqrt(6 * total)
