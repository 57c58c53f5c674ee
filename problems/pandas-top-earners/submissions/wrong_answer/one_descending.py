import pandas as pd


def top_earners(employee: pd.DataFrame) -> pd.DataFrame:
    # ascending=False applies to both keys: names with equal salaries come Z to A.
    earners = employee.loc[employee["salary"] >= 50000, ["name", "salary"]]
    return earners.sort_values(["salary", "name"], ascending=False)
