import pandas as pd


def top_earners(employee: pd.DataFrame) -> pd.DataFrame:
    # Names and salaries of everyone earning at least 50000, highest first, ties by name.
    return employee[["name", "salary"]]
