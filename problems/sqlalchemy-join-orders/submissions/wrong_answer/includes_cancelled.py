from sqlalchemy import select

from models import Customer, Order


def orders_in_city(session, city):
    # Forgets to leave out cancelled orders.
    stmt = (
        select(Order.id, Order.placed_on, Customer.name, Order.status)
        .join(Customer, Order.customer_id == Customer.id)
        .where(Customer.city == city)
        .order_by(Order.placed_on.desc(), Order.id.desc())
    )
    return [list(row) for row in session.execute(stmt)]
