import pandas as pd


def daily_returns(prices: pd.DataFrame) -> pd.DataFrame:
    """Each close with the ticker's previous close and the change (columns ticker, date, close, prev_close, change)."""
    raise NotImplementedError
