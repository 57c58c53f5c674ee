import pandas as pd


# Rolls each sensor's readings in the order the rows came in, and sorts only at the end.
def rolling_average(readings: pd.DataFrame, window: int, min_periods: int) -> pd.DataFrame:
    avg = readings.groupby("sensor")["value"].transform(
        lambda values: values.rolling(window, min_periods=min_periods).mean()
    )
    result = readings.assign(avg=avg)[["sensor", "day", "value", "avg"]]
    return result.sort_values(["sensor", "day"])
