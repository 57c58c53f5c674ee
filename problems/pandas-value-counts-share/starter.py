import pandas as pd


def category_share(tickets: pd.DataFrame, top: int) -> pd.Series:
    # A Series named "share", indexed by "category": the top categories' shares of the
    # triaged tickets, largest first, ties alphabetical.
    return tickets["category"].value_counts()
