from django.db.models import Exists, OuterRef, Q, Subquery
from models import Customer, Order


def latest_orders(include_cancelled):
    counting = Order.objects.all() if include_cancelled else Order.objects.exclude(status="cancelled")
    # A counting order of the same customer that is later than the order at hand: a later day,
    # or the same day and a greater id.
    later = counting.filter(customer=OuterRef("customer")).filter(
        Q(placed_on__gt=OuterRef("placed_on")) | Q(placed_on=OuterRef("placed_on"), id__gt=OuterRef("id")))
    # The customer's latest order is the one counting order with no later one: at most one row.
    latest = counting.filter(customer=OuterRef("pk")).filter(~Exists(later))
    customers = (Customer.objects
                 .annotate(order_id=Subquery(latest.values("id")), order_on=Subquery(latest.values("placed_on")))
                 .order_by("name", "id"))
    return [[c.name, c.order_id, c.order_on] for c in customers]
