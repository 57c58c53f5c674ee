from django.db.models import Q
from models import Product


def gift_ideas(category, max_price_cents, excluded_category):
    ...
