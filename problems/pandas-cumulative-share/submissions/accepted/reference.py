import pandas as pd


def running_share(sales: pd.DataFrame) -> pd.DataFrame:
    ordered = sales.sort_values(["region", "month"])
    ordered = ordered.assign(amount=ordered["amount"].fillna(0))
    by_region = ordered.groupby("region")["amount"]
    running_total = by_region.cumsum()
    # 0 / 0 is NaN: a region whose total is 0 gets null shares.
    share = running_total / by_region.transform("sum")
    result = ordered.assign(running_total=running_total, share=share)
    return result[["region", "month", "amount", "running_total", "share"]]
