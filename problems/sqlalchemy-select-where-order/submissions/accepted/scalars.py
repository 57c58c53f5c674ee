from sqlalchemy import select

from models import Product


def affordable_products(session, category, max_price_cents):
    products = session.scalars(
        select(Product)
        .where(Product.category == category)
        .where(Product.price_cents <= max_price_cents)
        .where(Product.stock >= 1)
        .order_by(Product.price_cents.asc(), Product.name.asc(), Product.id.asc())
    )
    return [[p.name, p.price_cents] for p in products]
