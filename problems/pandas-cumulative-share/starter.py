import pandas as pd


def running_share(sales: pd.DataFrame) -> pd.DataFrame:
    """Each region's months with the running total and its share of the region's total."""
    raise NotImplementedError
