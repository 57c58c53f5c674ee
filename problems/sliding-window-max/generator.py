def generate(rng, count):
    tests = []
    for t in range(count):
        if t == 0:
            n, k = 50_000, 25_000
        elif t == 1:
            n, k = 50_000, 20_000
        else:
            n = rng.randint(1, 2_000)
            k = rng.randint(1, n)
        nums = [rng.randint(-10**9, 10**9) for _ in range(n)]
        if t == 1:
            nums.sort(reverse=True)  # decreasing: every element enters the deque
        tests.append({"name": "random n=%d k=%d" % (n, k), "args": [nums, k]})
    return tests
