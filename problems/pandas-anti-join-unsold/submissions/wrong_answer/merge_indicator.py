import pandas as pd


def unsold_products(products: pd.DataFrame, sales: pd.DataFrame) -> pd.DataFrame:
    sold = sales.loc[sales["qty"] > 0, ["product_id"]].drop_duplicates()
    merged = products.merge(sold, on="product_id", how="left", indicator=True)
    # merge joins NaN to NaN: a draft product "matches" a sale line without a product.
    return merged.loc[merged["_merge"] == "left_only", ["product_id", "name"]]
