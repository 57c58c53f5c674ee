from models import Customer


def latest_orders(include_cancelled):
    # Right rows, but one more query per customer.
    rows = []
    for customer in Customer.objects.order_by("name", "id"):
        orders = customer.orders.all()
        if not include_cancelled:
            orders = orders.exclude(status="cancelled")
        latest = orders.order_by("-placed_on", "-id").first()
        rows.append([customer.name, latest.id if latest else None, latest.placed_on if latest else None])
    return rows
