import pandas as pd


def region_summary(sales: pd.DataFrame) -> pd.DataFrame:
    # One row per region: region, total, average, sales, largest.
    return sales.groupby("region")
