import datetime

from models import Order, OrderItem, Product


def place_order(session, customer_id, placed_on, items):
    ...
