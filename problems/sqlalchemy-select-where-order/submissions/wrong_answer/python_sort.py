from sqlalchemy import select

from models import Product


def affordable_products(session, category, max_price_cents):
    # Sorts in Python by price only, keeping the database's (unspecified) order for ties.
    stmt = select(Product).where(
        Product.category == category, Product.price_cents <= max_price_cents, Product.stock > 0
    )
    products = sorted(session.scalars(stmt), key=lambda p: p.price_cents)
    return [[p.name, p.price_cents] for p in products]
