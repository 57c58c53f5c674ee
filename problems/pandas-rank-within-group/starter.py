import pandas as pd


def top_players(scores: pd.DataFrame, n: int) -> pd.DataFrame:
    """Players whose dense rank within their team is at most n (columns team, player, points, rank)."""
    raise NotImplementedError
