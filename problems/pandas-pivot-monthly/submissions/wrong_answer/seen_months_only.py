import pandas as pd

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def monthly_totals(sales: pd.DataFrame, year: int) -> pd.DataFrame:
    in_year = sales[sales["sold_on"].dt.year == year]
    table = in_year.assign(month=in_year["sold_on"].dt.month).pivot_table(
        index="region", columns="month", values="amount", aggfunc="sum", fill_value=0
    )
    # Only the months that had a sale get a column.
    table.columns = [MONTHS[m - 1] for m in table.columns]
    table.index.name = "region"
    return table.reset_index()
