def pythagorean_triples(n):
    squares = {c * c: c for c in range(1, n + 1)}
    triples = []
    for a in range(1, n + 1):
        for b in range(a + 1, n + 1):
            c = squares.get(a * a + b * b)
            if c is not None:
                triples.append([a, b, c])
    return triples
