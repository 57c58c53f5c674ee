import numpy as np


# Takes the last k of an ascending argsort: ties go to the rightmost, and [:, -0:] is
# every column, so k = 0 marks everything.
def top_k_mask(scores: np.ndarray, k: int) -> np.ndarray:
    if k < 0:
        raise ValueError(k)
    order = np.argsort(scores, axis=1, kind="stable")
    mask = np.zeros(scores.shape, dtype=bool)
    np.put_along_axis(mask, order[:, -k:], True, axis=1)
    return mask
