from sqlalchemy import select

from models import Customer, Order


def orders_in_city(session, city):
    # Ascending dates: oldest first instead of newest first.
    stmt = (
        select(Order.id, Order.placed_on, Customer.name, Order.status)
        .join(Customer, Order.customer_id == Customer.id)
        .where(Customer.city == city, Order.status != "cancelled")
        .order_by(Order.placed_on, Order.id.desc())
    )
    return [list(row) for row in session.execute(stmt)]
