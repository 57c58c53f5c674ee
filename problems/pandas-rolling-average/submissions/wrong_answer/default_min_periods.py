import pandas as pd


# Forgets min_periods: pandas then asks for `window` non-missing values in every window.
def rolling_average(readings: pd.DataFrame, window: int, min_periods: int) -> pd.DataFrame:
    ordered = readings.sort_values(["sensor", "day"])
    avg = ordered.groupby("sensor")["value"].transform(lambda values: values.rolling(window).mean())
    return ordered.assign(avg=avg)[["sensor", "day", "value", "avg"]]
