import pandas as pd


def category_share(tickets: pd.DataFrame, top: int) -> pd.Series:
    counts = tickets["category"].value_counts().rename("share").reset_index()
    # Divides by every ticket, the untriaged ones too.
    counts["share"] = counts["share"] / len(tickets)
    counts = counts.sort_values(["share", "category"], ascending=[False, True])
    return counts.head(top).set_index("category")["share"]
