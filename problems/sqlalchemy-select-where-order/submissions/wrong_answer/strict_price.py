from sqlalchemy import select

from models import Product


def affordable_products(session, category, max_price_cents):
    # "Under the price" read as strictly less: a product at exactly the limit is lost.
    stmt = (
        select(Product.name, Product.price_cents)
        .where(Product.category == category, Product.price_cents < max_price_cents, Product.stock > 0)
        .order_by(Product.price_cents, Product.name, Product.id)
    )
    return [[name, price] for name, price in session.execute(stmt)]
