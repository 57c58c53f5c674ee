from models import Order


def order_report(status):
    report = []
    for order in Order.objects.filter(status=status).order_by("placed_on", "id").select_related("customer").prefetch_related("items"):
        items = order.items.all()
        total = sum(item.quantity * item.unit_price_cents for item in items)
        report.append([order.id, order.customer.name, len(items), total])
    return report
