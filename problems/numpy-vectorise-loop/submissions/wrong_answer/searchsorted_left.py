import numpy as np


# searchsorted's default side="left" puts a value equal to an edge in the bucket BEFORE it.
def bucket_counts(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    buckets = np.searchsorted(edges, values)
    return np.bincount(buckets, minlength=len(edges) + 1)
