import pandas as pd


def unsold_products(products: pd.DataFrame, sales: pd.DataFrame) -> pd.DataFrame:
    # The NaN among the sold ids makes isin() true for every draft product.
    sold = sales.loc[sales["qty"] > 0, "product_id"]
    return products.loc[~products["product_id"].isin(sold), ["product_id", "name"]]
