import pandas as pd


def latest_profiles(profiles: pd.DataFrame) -> pd.DataFrame:
    # One row per user_id: the latest by updated_at (missing = oldest), ties by the higher
    # change_id. Columns user_id, email, plan, updated_at, sorted by user_id.
    return profiles.drop_duplicates()
