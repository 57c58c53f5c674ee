import numpy as np


def top_k_mask(scores: np.ndarray, k: int) -> np.ndarray:
    """A boolean mask, True at the k largest scores of each row (ties: leftmost first)."""
    raise NotImplementedError
