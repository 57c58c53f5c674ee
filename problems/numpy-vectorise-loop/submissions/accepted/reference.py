import numpy as np


def bucket_counts(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    # side="right": a value equal to an edge lands after it, in the bucket that edge starts.
    buckets = np.searchsorted(edges, values, side="right")
    return np.bincount(buckets, minlength=len(edges) + 1)
