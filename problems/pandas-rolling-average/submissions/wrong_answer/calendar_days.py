import pandas as pd


# A window of `window` calendar days ("3D") instead of `window` readings: gaps shrink it.
def rolling_average(readings: pd.DataFrame, window: int, min_periods: int) -> pd.DataFrame:
    ordered = readings.sort_values(["sensor", "day"])
    pieces = []
    for _, group in ordered.groupby("sensor"):
        rolled = group.rolling(f"{window}D", on="day", min_periods=min_periods)["value"].mean()
        pieces.append(pd.Series(rolled.to_numpy(), index=group.index))
    avg = pd.concat(pieces) if pieces else pd.Series(dtype=float)
    return ordered.assign(avg=avg)[["sensor", "day", "value", "avg"]]
