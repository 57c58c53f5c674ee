import pandas as pd


def category_share(tickets: pd.DataFrame, top: int) -> pd.DataFrame:
    shares = tickets["category"].value_counts(normalize=True).rename("share").reset_index()
    shares = shares.sort_values(["share", "category"], ascending=[False, True])
    # A frame with a plain 0..n-1 index: the categories are not the index.
    return shares.head(top).reset_index(drop=True)
