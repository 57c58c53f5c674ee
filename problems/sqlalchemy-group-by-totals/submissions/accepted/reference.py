import datetime

from sqlalchemy import func, select

from models import Order, OrderItem, Product


def revenue_by_category(session, since):
    since = datetime.date.fromisoformat(since)
    sales = (
        select(OrderItem.product_id, (OrderItem.quantity * OrderItem.unit_price_cents).label("amount"))
        .join(Order, Order.id == OrderItem.order_id)
        .where(Order.status.in_(["paid", "shipped"]), Order.placed_on >= since)
        .subquery()
    )
    revenue = func.coalesce(func.sum(sales.c.amount), 0).label("revenue")
    stmt = (
        select(Product.category, revenue)
        .outerjoin(sales, sales.c.product_id == Product.id)
        .group_by(Product.category)
        .order_by(revenue.desc(), Product.category)
    )
    return [[category, total] for category, total in session.execute(stmt)]
