from django.db.models import Count, F, Sum, Value
from django.db.models.functions import Coalesce
from models import Order


def order_report(status):
    orders = (Order.objects.filter(status=status)
              .annotate(lines=Count("items"), total=Coalesce(Sum(F("items__quantity") * F("items__unit_price_cents")), Value(0)))
              .order_by("placed_on", "id")
              .values_list("id", "customer__name", "lines", "total"))
    return [list(row) for row in orders]
