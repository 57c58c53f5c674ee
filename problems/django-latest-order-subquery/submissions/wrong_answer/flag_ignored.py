from django.db.models import OuterRef, Subquery
from models import Customer, Order


def latest_orders(include_cancelled):
    latest = Order.objects.filter(customer=OuterRef("pk")).exclude(status="cancelled").order_by("-placed_on", "-id")
    customers = (Customer.objects
                 .annotate(order_id=Subquery(latest.values("id")[:1]),
                           order_on=Subquery(latest.values("placed_on")[:1]))
                 .order_by("name", "id"))
    return [[c.name, c.order_id, c.order_on] for c in customers]
