from sqlalchemy import select

from models import Customer, Order


def orders_in_city(session, city):
    ...
