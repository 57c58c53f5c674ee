import numpy as np


def zscore_columns(x: np.ndarray) -> np.ndarray:
    # An all-NaN column has no mean: numpy warns ("Mean of empty slice") and gives NaN, which
    # is the answer asked for.
    mean = np.nanmean(x, axis=0)
    std = np.nanstd(x, axis=0)
    # A constant column has std 0: divide by 1 instead, so its values (all equal to the mean)
    # become 0 and its NaNs stay NaN.
    return (x - mean) / np.where(std == 0, 1.0, std)
