# Euler's Basel sum: pi squared over six equals the sum of 1/i^2 for i = 1, 2, 3, ...
def calculate_pi(n):
    total = 0.0
    for i in range(1, n):
        total += 1 / i**2
    return (total * 6) ** 0.5


print(calculate_pi(10000))
