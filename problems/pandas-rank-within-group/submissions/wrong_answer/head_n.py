import pandas as pd


# Sorts and keeps each team's first n rows: ties are cut off and numbered one by one.
def top_players(scores: pd.DataFrame, n: int) -> pd.DataFrame:
    played = scores.dropna(subset=["points"])
    ordered = played.sort_values(["team", "points"], ascending=[True, False])
    top = ordered.groupby("team").head(n)
    top = top.assign(rank=top.groupby("team").cumcount() + 1)
    return top[["team", "player", "points", "rank"]]
