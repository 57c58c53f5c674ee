def chunked(items, n):
    if n < 1:
        raise ValueError("n must be at least 1")
    return [items[i * n:(i + 1) * n] for i in range(len(items) // n)]
