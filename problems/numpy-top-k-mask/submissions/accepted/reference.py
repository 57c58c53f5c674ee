import numpy as np


def top_k_mask(scores: np.ndarray, k: int) -> np.ndarray:
    if k < 0:
        raise ValueError(f"k must be at least 0, not {k}")
    # Sorting the negated scores stably gives the largest first, equal scores left to right.
    order = np.argsort(-scores, axis=1, kind="stable")
    mask = np.zeros(scores.shape, dtype=bool)
    np.put_along_axis(mask, order[:, :k], True, axis=1)
    return mask
