import pandas as pd


def category_share(tickets: pd.DataFrame, top: int) -> pd.Series:
    shares = tickets["category"].value_counts(normalize=True).rename("share").reset_index()
    # value_counts leaves equal counts in the order they were first seen: sort the ties too.
    shares = shares.sort_values(["share", "category"], ascending=[False, True])
    return shares.head(top).set_index("category")["share"]
