import datetime

from sqlalchemy import and_, case, func, select

from models import Order, OrderItem, Product


def revenue_by_category(session, since):
    # One level of outer joins, the order's conditions in the ON clause, and a CASE so that
    # items of orders that do not count add nothing.
    counts = and_(Order.id == OrderItem.order_id, Order.status.in_(("paid", "shipped")),
                  Order.placed_on >= datetime.date.fromisoformat(since))
    amount = case((Order.id.is_not(None), OrderItem.quantity * OrderItem.unit_price_cents), else_=0)
    revenue = func.coalesce(func.sum(amount), 0)
    stmt = (
        select(Product.category, revenue)
        .select_from(Product)
        .outerjoin(OrderItem, OrderItem.product_id == Product.id)
        .outerjoin(Order, counts)
        .group_by(Product.category)
        .order_by(revenue.desc(), Product.category.asc())
    )
    return [list(row) for row in session.execute(stmt)]
