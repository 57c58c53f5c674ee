import pandas as pd


# Carries the last known close over a missing one (what pct_change did by default before pandas 3).
def daily_returns(prices: pd.DataFrame) -> pd.DataFrame:
    ordered = prices.sort_values(["ticker", "date"])
    known = ordered.groupby("ticker")["close"].ffill()
    prev_close = known.groupby(ordered["ticker"]).shift(1)
    change = ordered["close"] / prev_close - 1
    result = ordered.assign(prev_close=prev_close, change=change)
    return result[["ticker", "date", "close", "prev_close", "change"]]
