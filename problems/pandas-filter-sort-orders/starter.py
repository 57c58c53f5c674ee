import pandas as pd


def big_orders(orders: pd.DataFrame, min_amount: float) -> pd.DataFrame:
    # Paid or shipped orders of 2024 worth at least min_amount,
    # biggest first, equal amounts by order_id.
    return orders[["order_id", "customer", "amount"]]
