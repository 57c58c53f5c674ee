import pandas as pd


def big_orders(orders: pd.DataFrame, min_amount: float) -> pd.DataFrame:
    wanted = (
        orders["status"].isin(["paid", "shipped"])
        & (orders["amount"] > min_amount)
        & (orders["placed_on"].dt.year == 2024)
    )
    result = orders.loc[wanted, ["order_id", "customer", "amount"]]
    return result.sort_values(["amount", "order_id"], ascending=[False, True])
