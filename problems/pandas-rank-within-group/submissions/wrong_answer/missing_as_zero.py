import pandas as pd


# Counts a missing score as 0 points, so a player who has not played can be ranked.
def top_players(scores: pd.DataFrame, n: int) -> pd.DataFrame:
    scores = scores.assign(points=scores["points"].fillna(0))
    rank = scores.groupby("team")["points"].rank(method="dense", ascending=False)
    ranked = scores.assign(rank=rank)
    return ranked.loc[ranked["rank"] <= n, ["team", "player", "points", "rank"]]
