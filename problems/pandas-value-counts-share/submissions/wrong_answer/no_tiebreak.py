import pandas as pd


def category_share(tickets: pd.DataFrame, top: int) -> pd.Series:
    # value_counts sorts by count only: ties stay in the order they were first seen.
    return tickets["category"].value_counts(normalize=True).rename("share").head(top)
