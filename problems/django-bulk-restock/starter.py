from django.db import transaction
from models import Product


def restock(deliveries):
    ...
