import pandas as pd


# Adds up each region's months in the order the rows came in, and sorts only at the end.
def running_share(sales: pd.DataFrame) -> pd.DataFrame:
    filled = sales.assign(amount=sales["amount"].fillna(0))
    by_region = filled.groupby("region")["amount"]
    running_total = by_region.cumsum()
    share = running_total / by_region.transform("sum")
    result = filled.assign(running_total=running_total, share=share)
    result = result[["region", "month", "amount", "running_total", "share"]]
    return result.sort_values(["region", "month"])
