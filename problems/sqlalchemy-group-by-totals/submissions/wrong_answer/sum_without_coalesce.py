import datetime

from sqlalchemy import func, select

from models import Order, OrderItem, Product


def revenue_by_category(session, since):
    # SUM over no rows is NULL, not 0: a category without sales gets None instead of 0.
    sales = (
        select(OrderItem.product_id, (OrderItem.quantity * OrderItem.unit_price_cents).label("amount"))
        .join(Order, Order.id == OrderItem.order_id)
        .where(Order.status.in_(["paid", "shipped"]), Order.placed_on >= datetime.date.fromisoformat(since))
        .subquery()
    )
    revenue = func.sum(sales.c.amount)
    stmt = (
        select(Product.category, revenue)
        .outerjoin(sales, sales.c.product_id == Product.id)
        .group_by(Product.category)
        .order_by(revenue.desc(), Product.category)
    )
    return [list(row) for row in session.execute(stmt)]
