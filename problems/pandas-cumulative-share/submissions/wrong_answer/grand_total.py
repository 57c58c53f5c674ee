import pandas as pd


# Divides by the total of every region instead of the row's own region.
def running_share(sales: pd.DataFrame) -> pd.DataFrame:
    ordered = sales.sort_values(["region", "month"])
    ordered = ordered.assign(amount=ordered["amount"].fillna(0))
    running_total = ordered.groupby("region")["amount"].cumsum()
    share = running_total / ordered["amount"].sum()
    result = ordered.assign(running_total=running_total, share=share)
    return result[["region", "month", "amount", "running_total", "share"]]
