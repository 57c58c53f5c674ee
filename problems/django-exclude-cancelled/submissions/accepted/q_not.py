from django.db.models import Q
from models import Order


def open_orders(customer_id):
    return list(Order.objects.filter(~Q(status="cancelled"), customer__id=customer_id)
                .order_by("-placed_on", "-id").values_list("id", "placed_on", "status"))
