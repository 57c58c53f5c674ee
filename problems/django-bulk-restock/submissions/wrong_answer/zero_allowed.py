from django.db import transaction
from models import Product


def restock(deliveries):
    added = {}
    for product_id, quantity in deliveries:
        if quantity < 0:  # a quantity of 0 slips through
            raise ValueError("quantity must be positive")
        added[product_id] = added.get(product_id, 0) + quantity
    if not added:
        return 0
    with transaction.atomic():
        products = list(Product.objects.filter(id__in=added))
        if len(products) != len(added):
            raise ValueError("unknown product")
        for product in products:
            product.stock += added[product.id]
        Product.objects.bulk_update(products, ["stock"])
    return len(products)
