import pandas as pd

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def monthly_totals(sales: pd.DataFrame, year: int) -> pd.DataFrame:
    in_year = sales[sales["sold_on"].dt.year == year]
    # Without fill_value, a region without a sale in a month gets NaN there.
    table = in_year.assign(month=in_year["sold_on"].dt.month).pivot_table(
        index="region", columns="month", values="amount", aggfunc="sum"
    )
    table = table.reindex(columns=range(1, 13))
    table.columns = MONTHS
    table.index.name = "region"
    return table.reset_index()
