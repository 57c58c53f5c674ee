from django.db.models import F, Sum
from models import Order


def order_report(status):
    report = []
    for order in Order.objects.filter(status=status).order_by("placed_on", "id").select_related("customer").prefetch_related("items").annotate(total=Sum(F("items__quantity") * F("items__unit_price_cents"))):
        items = order.items.all()
        total = order.total
        report.append([order.id, order.customer.name, len(items), total])
    return report
