import pandas as pd


def category_share(tickets: pd.DataFrame, top: int) -> pd.Series:
    shares = tickets["category"].value_counts(normalize=True).reset_index()
    shares = shares.sort_values(["proportion", "category"], ascending=[False, True])
    # value_counts(normalize=True) names its Series "proportion", not "share".
    return shares.head(top).set_index("category")["proportion"]
