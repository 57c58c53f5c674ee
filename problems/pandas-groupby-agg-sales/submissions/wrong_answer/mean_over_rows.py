import pandas as pd


def region_summary(sales: pd.DataFrame) -> pd.DataFrame:
    grouped = sales.groupby("region", as_index=False)
    summary = grouped.agg(total=("amount", "sum"), sales=("amount", "count"), largest=("amount", "max"))
    # Divides by the number of rows, so a missing amount counts as a zero.
    summary["average"] = summary["total"] / grouped.size()["size"]
    return summary[["region", "total", "average", "sales", "largest"]]
