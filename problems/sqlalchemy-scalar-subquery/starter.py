from sqlalchemy import func, select

from models import Customer, Order


def order_counts(session, status):
    ...
