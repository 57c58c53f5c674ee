import numpy as np


def bucket_counts(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """How many values fall into each bucket between the edges (len(edges) + 1 buckets)."""
    raise NotImplementedError
