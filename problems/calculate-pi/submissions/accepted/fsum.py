import math


def calculate_pi(n):
    return math.sqrt(6 * math.fsum(1 / (i * i) for i in range(1, n)))
