import pandas as pd


# Starts a new session when the gap EQUALS gap_minutes too.
def sessionize(events: pd.DataFrame, gap_minutes: float) -> pd.DataFrame:
    ordered = events.sort_values(["user_id", "ts"])
    minutes = ordered.groupby("user_id")["ts"].diff().dt.total_seconds() / 60
    starts = minutes.isna() | (minutes >= gap_minutes)
    session = starts.groupby(ordered["user_id"]).cumsum()
    result = ordered.assign(minutes_since_prev=minutes, session=session)
    return result[["user_id", "ts", "minutes_since_prev", "session"]]
