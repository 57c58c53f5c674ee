import pandas as pd


def rolling_average(readings: pd.DataFrame, window: int, min_periods: int) -> pd.DataFrame:
    ordered = readings.sort_values(["sensor", "day"])
    avg = ordered.groupby("sensor")["value"].transform(
        lambda values: values.rolling(window, min_periods=min_periods).mean()
    )
    return ordered.assign(avg=avg)[["sensor", "day", "value", "avg"]]
