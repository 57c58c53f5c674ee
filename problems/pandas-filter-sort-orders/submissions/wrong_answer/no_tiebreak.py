import pandas as pd


def big_orders(orders: pd.DataFrame, min_amount: float) -> pd.DataFrame:
    wanted = (
        orders["status"].isin(["paid", "shipped"])
        & (orders["amount"] >= min_amount)
        & (orders["placed_on"].dt.year == 2024)
    )
    result = orders.loc[wanted, ["order_id", "customer", "amount"]]
    # Equal amounts are left in whatever order the sort gives them.
    return result.sort_values("amount", ascending=False)
