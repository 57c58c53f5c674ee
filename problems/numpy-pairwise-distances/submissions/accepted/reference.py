import numpy as np


def pairwise_distances(points: np.ndarray, metric: str = "euclidean") -> np.ndarray:
    # (n, 1, 2) - (1, n, 2) broadcasts to (n, n, 2): every pair's dx, dy.
    diff = points[:, np.newaxis, :] - points[np.newaxis, :, :]
    if metric == "euclidean":
        return np.sqrt((diff**2).sum(axis=-1))
    if metric == "manhattan":
        return np.abs(diff).sum(axis=-1)
    raise ValueError(f"unknown metric: {metric!r}")
