import pandas as pd


def latest_profiles(profiles: pd.DataFrame) -> pd.DataFrame:
    # Oldest first (NaT before every date), so the last row of each user is the one to keep.
    ordered = profiles.sort_values(["updated_at", "change_id"], na_position="first")
    latest = ordered.drop_duplicates(subset="user_id", keep="last")
    return latest.sort_values("user_id")[["user_id", "email", "plan", "updated_at"]]
