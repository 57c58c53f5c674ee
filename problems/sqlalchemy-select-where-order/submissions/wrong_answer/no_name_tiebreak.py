from sqlalchemy import select

from models import Product


def affordable_products(session, category, max_price_cents):
    # Orders by price only: products with the same price come back in any order.
    stmt = (
        select(Product.name, Product.price_cents)
        .where(Product.category == category, Product.price_cents <= max_price_cents, Product.stock > 0)
        .order_by(Product.price_cents)
    )
    return [[name, price] for name, price in session.execute(stmt)]
