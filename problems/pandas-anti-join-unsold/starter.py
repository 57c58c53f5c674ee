import pandas as pd


def unsold_products(products: pd.DataFrame, sales: pd.DataFrame) -> pd.DataFrame:
    # Products with no sale line of qty > 0: columns product_id, name.
    return products[["product_id", "name"]]
