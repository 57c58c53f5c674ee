import pandas as pd


def region_summary(sales: pd.DataFrame) -> pd.DataFrame:
    return sales.groupby("region").agg(
        total=("amount", "sum"),
        average=("amount", "mean"),
        sales=("amount", "count"),
        largest=("amount", "max"),
    )
