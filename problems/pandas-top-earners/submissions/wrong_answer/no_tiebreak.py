import pandas as pd


def top_earners(employee: pd.DataFrame) -> pd.DataFrame:
    # Sorted by salary only: equal salaries keep the table's order, not the names' order.
    earners = employee.loc[employee["salary"] >= 50000, ["name", "salary"]]
    return earners.sort_values("salary", ascending=False)
