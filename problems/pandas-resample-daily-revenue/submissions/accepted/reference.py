import pandas as pd

# Weeks start on Monday: bins closed on the left edge and labelled by it.
RULES = {"day": "D", "week": "W-MON"}


def revenue_by_period(orders: pd.DataFrame, period: str) -> pd.DataFrame:
    if period not in RULES:
        raise ValueError(f"unknown period: {period!r}")
    paid = orders[orders["status"] == "paid"]
    revenue = paid.resample(RULES[period], on="placed_at", closed="left", label="left")[
        "amount"
    ].sum()
    return revenue.rename("revenue").rename_axis("period").reset_index()
