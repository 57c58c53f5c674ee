import pandas as pd


# Shifts each ticker's rows in the order they came in, and sorts only at the end.
def daily_returns(prices: pd.DataFrame) -> pd.DataFrame:
    prev_close = prices.groupby("ticker")["close"].shift(1)
    change = prices["close"].div(prev_close).sub(1)
    result = prices.assign(prev_close=prev_close, change=change)
    result = result[["ticker", "date", "close", "prev_close", "change"]]
    return result.sort_values(["ticker", "date"])
