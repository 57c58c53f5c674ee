from models import Order


def open_orders(customer_id):
    ...
