import pandas as pd


def sessionize(events: pd.DataFrame, gap_minutes: float) -> pd.DataFrame:
    """Each click with the minutes since the user's previous click and its session number."""
    raise NotImplementedError
