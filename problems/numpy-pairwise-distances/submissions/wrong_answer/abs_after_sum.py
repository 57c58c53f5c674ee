import numpy as np


# Manhattan: takes the absolute value of dx + dy instead of adding |dx| and |dy|.
def pairwise_distances(points: np.ndarray, metric: str = "euclidean") -> np.ndarray:
    diff = points[:, np.newaxis, :] - points[np.newaxis, :, :]
    if metric == "euclidean":
        return np.sqrt((diff**2).sum(axis=-1))
    if metric == "manhattan":
        return np.abs(diff.sum(axis=-1))
    raise ValueError(metric)
