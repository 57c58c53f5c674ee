import numpy as np


# The statement's loop: right, but it scans the edges one by one for every value.
def bucket_counts(values, edges):
    counts = [0] * (len(edges) + 1)
    for value in values:
        k = 0
        while k < len(edges) and value >= edges[k]:
            k += 1
        counts[k] += 1
    return np.array(counts)
