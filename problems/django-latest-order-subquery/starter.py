from django.db.models import OuterRef, Subquery
from models import Customer, Order


def latest_orders(include_cancelled):
    ...
