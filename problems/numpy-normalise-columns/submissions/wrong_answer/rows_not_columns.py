import numpy as np


# Standardises each ROW (axis=1) instead of each column.
def zscore_columns(x: np.ndarray) -> np.ndarray:
    mean = np.nanmean(x, axis=1, keepdims=True)
    std = np.nanstd(x, axis=1, keepdims=True)
    return (x - mean) / np.where(std == 0, 1.0, std)
