import numpy as np


# argpartition is fast but not stable: which of several equal scores it keeps is arbitrary.
def top_k_mask(scores: np.ndarray, k: int) -> np.ndarray:
    if k < 0:
        raise ValueError(k)
    n, m = scores.shape
    mask = np.zeros((n, m), dtype=bool)
    if k == 0:
        return mask
    if k >= m:
        return ~mask
    top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    mask[np.arange(n)[:, None], top] = True
    return mask
