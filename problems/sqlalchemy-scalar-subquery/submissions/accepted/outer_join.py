from sqlalchemy import and_, func, select

from models import Customer, Order


def order_counts(session, status):
    # The status belongs in the ON clause, and count(orders.id) ignores the NULL row that the
    # outer join makes for a customer without a matching order.
    count = func.count(Order.id)
    stmt = (
        select(Customer.id, Customer.name, count)
        .outerjoin(Order, and_(Order.customer_id == Customer.id, Order.status == status))
        .group_by(Customer.id, Customer.name)
        .order_by(count.desc(), Customer.name, Customer.id)
    )
    return [list(row) for row in session.execute(stmt)]
