import pandas as pd


# Ranks across the whole league instead of within each team.
def top_players(scores: pd.DataFrame, n: int) -> pd.DataFrame:
    rank = scores["points"].rank(method="dense", ascending=False)
    ranked = scores.assign(rank=rank)
    return ranked.loc[ranked["rank"] <= n, ["team", "player", "points", "rank"]]
