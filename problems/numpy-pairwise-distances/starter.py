import numpy as np


def pairwise_distances(points: np.ndarray, metric: str = "euclidean") -> np.ndarray:
    """The (n, n) matrix of distances between the rows of `points` (shape (n, 2))."""
    raise NotImplementedError
