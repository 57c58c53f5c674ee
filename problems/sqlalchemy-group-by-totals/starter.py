import datetime

from sqlalchemy import func, select

from models import Order, OrderItem, Product


def revenue_by_category(session, since):
    ...
