import pandas as pd


# Leaves missing amounts missing: cumsum then gives null on those rows.
def running_share(sales: pd.DataFrame) -> pd.DataFrame:
    ordered = sales.sort_values(["region", "month"])
    by_region = ordered.groupby("region")["amount"]
    running_total = by_region.cumsum()
    share = running_total / by_region.transform("sum")
    result = ordered.assign(running_total=running_total, share=share)
    return result[["region", "month", "amount", "running_total", "share"]]
