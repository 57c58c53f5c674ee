import pandas as pd


# Numbers the sessions across all users (1, 2, 3, ... over the whole table), not per user.
def sessionize(events: pd.DataFrame, gap_minutes: float) -> pd.DataFrame:
    ordered = events.sort_values(["user_id", "ts"])
    minutes = ordered.groupby("user_id")["ts"].diff().dt.total_seconds() / 60
    starts = minutes.isna() | (minutes > gap_minutes)
    result = ordered.assign(minutes_since_prev=minutes, session=starts.cumsum())
    return result[["user_id", "ts", "minutes_since_prev", "session"]]
