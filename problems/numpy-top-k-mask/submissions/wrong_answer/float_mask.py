import numpy as np


# Builds the mask with np.zeros' default dtype: a float array of 0.0 and 1.0, not a boolean one.
def top_k_mask(scores: np.ndarray, k: int) -> np.ndarray:
    if k < 0:
        raise ValueError(k)
    order = np.argsort(-scores, axis=1, kind="stable")
    mask = np.zeros(scores.shape)
    np.put_along_axis(mask, order[:, :k], 1, axis=1)
    return mask
