from django.db.models import Max, OuterRef, Subquery
from models import Customer, Order


def latest_orders(include_cancelled):
    orders = Order.objects.filter(customer=OuterRef("pk"))
    if not include_cancelled:
        orders = orders.exclude(status="cancelled")
    per_customer = orders.order_by().values("customer")
    # The greatest id and the greatest date need not belong to the same order.
    customers = (Customer.objects
                 .annotate(order_id=Subquery(per_customer.annotate(m=Max("id")).values("m")),
                           order_on=Subquery(per_customer.annotate(m=Max("placed_on")).values("m")))
                 .order_by("name", "id"))
    return [[c.name, c.order_id, c.order_on] for c in customers]
