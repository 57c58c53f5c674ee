import pandas as pd


def rolling_average(readings: pd.DataFrame, window: int, min_periods: int) -> pd.DataFrame:
    """Each reading with the mean of its sensor's latest `window` readings (columns sensor, day, value, avg)."""
    raise NotImplementedError
