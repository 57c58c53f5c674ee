def generate(rng, count):
    """Large tests: 100,000 values over 1,000 edges (the statement's loop needs minutes)."""
    tests = []
    for t in range(count):
        edges = sorted(rng.sample(range(0, 100_000), 1_000))
        if t % 2 == 0:
            # integer values: many sit exactly on an edge
            values = [float(rng.randrange(-500, 100_500)) for _ in range(100_000)]
        else:
            values = [round(rng.uniform(-1_000.0, 101_000.0), 3) for _ in range(100_000)]
        if t == 2:
            # nothing at or above the top edge: the last buckets are empty
            values = [v for v in values if v < edges[-10]]
        tests.append({
            "name": "100,000 values, 1,000 edges (%d)" % (t + 1),
            "args": [{"$array": values, "dtype": "float64"},
                     {"$array": [float(e) for e in edges], "dtype": "float64"}],
        })
    return tests
