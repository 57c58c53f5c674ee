import datetime

from sqlalchemy import func, select

from models import Order, OrderItem, Product


def revenue_by_category(session, since):
    # Multiplies by the product's price today, not the price the item was sold at.
    sales = (
        select(OrderItem.product_id, OrderItem.quantity)
        .join(Order, Order.id == OrderItem.order_id)
        .where(Order.status.in_(["paid", "shipped"]), Order.placed_on >= datetime.date.fromisoformat(since))
        .subquery()
    )
    revenue = func.coalesce(func.sum(sales.c.quantity * Product.price_cents), 0)
    stmt = (
        select(Product.category, revenue)
        .outerjoin(sales, sales.c.product_id == Product.id)
        .group_by(Product.category)
        .order_by(revenue.desc(), Product.category)
    )
    return [list(row) for row in session.execute(stmt)]
