import pandas as pd


# resample("W-MON") without closed/label: weeks END on Monday and are labelled by that end.
def revenue_by_period(orders: pd.DataFrame, period: str) -> pd.DataFrame:
    rule = {"day": "D", "week": "W-MON"}.get(period)
    if rule is None:
        raise ValueError(period)
    paid = orders[orders["status"] == "paid"]
    revenue = paid.resample(rule, on="placed_at")["amount"].sum()
    return revenue.rename("revenue").rename_axis("period").reset_index()
