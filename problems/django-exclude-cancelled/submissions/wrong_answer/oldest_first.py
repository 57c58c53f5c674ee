from models import Order


def open_orders(customer_id):
    orders = Order.objects.filter(customer_id=customer_id).exclude(status="cancelled").order_by("placed_on", "-id")
    return [[o.id, o.placed_on, o.status] for o in orders]
