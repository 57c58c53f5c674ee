import numpy as np


# Compares with the k-th largest score: every score tied with it is marked, too many Trues.
def top_k_mask(scores: np.ndarray, k: int) -> np.ndarray:
    if k < 0:
        raise ValueError(k)
    m = scores.shape[1]
    if k == 0:
        return np.zeros(scores.shape, dtype=bool)
    if k >= m:
        return np.ones(scores.shape, dtype=bool)
    kth = np.sort(scores, axis=1)[:, m - k][:, None]
    return scores >= kth
