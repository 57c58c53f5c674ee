import pandas as pd


def customer_orders(customers: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    merged = customers.merge(orders, on="customer_id", how="left")
    # size counts rows: the left join's one empty row makes a customer without orders count 1.
    return merged.groupby(["customer_id", "name"], dropna=False, as_index=False).agg(
        orders=("order_id", "size"),
        spent=("amount", "sum"),
    )
