from django.db.models import Count, F, Sum
from models import Order


def order_report(status):
    orders = (Order.objects.filter(status=status).select_related("customer")
              .annotate(lines=Count("items"), total=Sum(F("items__quantity") * F("items__unit_price_cents")))
              .order_by("placed_on", "id"))
    return [[order.id, order.customer.name, order.lines, order.total] for order in orders]
