import datetime

from sqlalchemy import func, select

from models import Order, OrderItem, Product


def revenue_by_category(session, since):
    # Forgets the status: pending and cancelled orders count as revenue.
    sales = (
        select(OrderItem.product_id, (OrderItem.quantity * OrderItem.unit_price_cents).label("amount"))
        .join(Order, Order.id == OrderItem.order_id)
        .where(Order.placed_on >= datetime.date.fromisoformat(since))
        .subquery()
    )
    revenue = func.coalesce(func.sum(sales.c.amount), 0)
    stmt = (
        select(Product.category, revenue)
        .outerjoin(sales, sales.c.product_id == Product.id)
        .group_by(Product.category)
        .order_by(revenue.desc(), Product.category)
    )
    return [list(row) for row in session.execute(stmt)]
