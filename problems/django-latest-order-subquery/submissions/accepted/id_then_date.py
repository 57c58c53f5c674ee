from django.db.models import OuterRef, Q, Subquery
from models import Customer, Order


def latest_orders(include_cancelled):
    counting = Q() if include_cancelled else ~Q(status="cancelled")
    latest_id = Subquery(Order.objects.filter(counting, customer_id=OuterRef("id"))
                         .order_by("-placed_on", "-id").values("id")[:1])
    rows = (Customer.objects.annotate(order_id=latest_id)
            .annotate(order_on=Subquery(Order.objects.filter(id=OuterRef("order_id")).values("placed_on")))
            .order_by("name", "id").values_list("name", "order_id", "order_on"))
    return list(rows)
