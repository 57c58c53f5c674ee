import pandas as pd


def top_players(scores: pd.DataFrame, n: int) -> pd.DataFrame:
    # Missing points get a NaN rank, and NaN <= n is False: they drop out on their own.
    rank = scores.groupby("team")["points"].rank(method="dense", ascending=False)
    ranked = scores.assign(rank=rank)
    return ranked.loc[ranked["rank"] <= n, ["team", "player", "points", "rank"]]
