import pandas as pd


def region_summary(sales: pd.DataFrame) -> pd.DataFrame:
    # dropna=False keeps the sales without a region as a group of their own.
    return sales.groupby("region", dropna=False).agg(
        total=("amount", "sum"),
        average=("amount", "mean"),
        sales=("amount", "count"),
        largest=("amount", "max"),
    )
