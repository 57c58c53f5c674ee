import pandas as pd


# Turns the 0 / 0 shares of a region without revenue into 0 instead of null.
def running_share(sales: pd.DataFrame) -> pd.DataFrame:
    ordered = sales.sort_values(["region", "month"])
    ordered = ordered.assign(amount=ordered["amount"].fillna(0))
    by_region = ordered.groupby("region")["amount"]
    running_total = by_region.cumsum()
    share = (running_total / by_region.transform("sum")).fillna(0)
    result = ordered.assign(running_total=running_total, share=share)
    return result[["region", "month", "amount", "running_total", "share"]]
