from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from models import Customer, Order


def orders_in_city(session, city):
    stmt = (
        select(Order)
        .join(Order.customer)
        .options(contains_eager(Order.customer))
        .where(Customer.city == city)
        .where(Order.status.not_in(["cancelled"]))
        .order_by(Order.placed_on.desc(), Order.id.desc())
    )
    return [[o.id, o.placed_on.isoformat(), o.customer.name, o.status] for o in session.scalars(stmt)]
