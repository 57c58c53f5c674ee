import pandas as pd


def unsold_products(products: pd.DataFrame, sales: pd.DataFrame) -> pd.DataFrame:
    # Every sale line counts, the cancelled ones (qty 0) too.
    sold = sales["product_id"].dropna()
    return products.loc[~products["product_id"].isin(sold), ["product_id", "name"]]
