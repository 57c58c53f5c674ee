import pandas as pd


def unsold_products(products: pd.DataFrame, sales: pd.DataFrame) -> pd.DataFrame:
    # isin() finds NaN in a list holding NaN: drop the unknown keys, so a draft product
    # is not "sold" by a sale line without a product.
    sold = sales.loc[sales["qty"] > 0, "product_id"].dropna()
    unsold = products[~products["product_id"].isin(sold)]
    return unsold[["product_id", "name"]]
