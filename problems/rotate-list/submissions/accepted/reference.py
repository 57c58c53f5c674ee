def rotate_list(items, k):
    n = len(items)
    if n == 0:
        return []
    k %= n
    return items[n - k:] + items[:n - k]
