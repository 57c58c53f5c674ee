import pandas as pd


def latest_profiles(profiles: pd.DataFrame) -> pd.DataFrame:
    # idxmax gives the first row with the latest date in table order: a tie is not decided
    # by change_id (and a user whose dates are all missing makes idxmax raise).
    rows = profiles.groupby("user_id")["updated_at"].idxmax()
    latest = profiles.loc[rows]
    return latest.sort_values("user_id")[["user_id", "email", "plan", "updated_at"]]
