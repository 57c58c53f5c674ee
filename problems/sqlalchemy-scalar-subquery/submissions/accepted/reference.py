from sqlalchemy import func, select

from models import Customer, Order


def order_counts(session, status):
    count = (
        select(func.count(Order.id))
        .where(Order.customer_id == Customer.id, Order.status == status)
        .scalar_subquery()
        .label("count")
    )
    stmt = select(Customer.id, Customer.name, count).order_by(count.desc(), Customer.name, Customer.id)
    return [[customer_id, name, n] for customer_id, name, n in session.execute(stmt)]
