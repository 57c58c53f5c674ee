from sqlalchemy import select

from models import Customer, Order


def orders_in_city(session, city):
    # Orders placed on the same day come back in whatever order the database likes.
    stmt = (
        select(Order.id, Order.placed_on, Customer.name, Order.status)
        .join(Customer, Order.customer_id == Customer.id)
        .where(Customer.city == city, Order.status != "cancelled")
        .order_by(Order.placed_on.desc())
    )
    return [list(row) for row in session.execute(stmt)]
