from collections import deque


def rotate_list(items, k):
    d = deque(items)
    if d:
        d.rotate(k % len(d))
    return list(d)
