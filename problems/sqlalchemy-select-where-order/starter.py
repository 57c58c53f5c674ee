from sqlalchemy import select

from models import Product


def affordable_products(session, category, max_price_cents):
    ...
