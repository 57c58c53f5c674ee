import pandas as pd


def big_orders(orders: pd.DataFrame, min_amount: float) -> pd.DataFrame:
    placed = orders["placed_on"]
    wanted = (
        orders["status"].isin(["paid", "shipped"])
        & (orders["amount"] >= min_amount)
        & (placed >= pd.Timestamp("2024-01-01"))
        & (placed < pd.Timestamp("2025-01-01"))
    )
    result = orders.loc[wanted, ["order_id", "customer", "amount"]]
    return result.sort_values(["amount", "order_id"], ascending=[False, True])
