import pandas as pd


def customer_orders(customers: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    merged = customers.merge(orders, on="customer_id", how="left")
    # count() skips the NaN order_id a customer without orders gets from the left join;
    # dropna=False keeps the customers whose name is missing.
    return merged.groupby(["customer_id", "name"], dropna=False, as_index=False).agg(
        orders=("order_id", "count"),
        spent=("amount", "sum"),
    )
