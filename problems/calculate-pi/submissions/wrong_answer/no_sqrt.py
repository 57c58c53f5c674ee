def calculate_pi(n):
    total = 0.0
    for i in range(1, n):
        total += 1 / i**2
    return 6 * total
