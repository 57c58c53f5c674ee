from django.db import transaction
from models import Product


def restock(deliveries):
    added = {}
    for product_id, quantity in deliveries:
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        added[product_id] = added.get(product_id, 0) + quantity
    with transaction.atomic():
        products = Product.objects.in_bulk(list(added))
        if len(products) != len(added):
            raise ValueError("unknown product")
        # Right result, but one UPDATE per product.
        for product_id, quantity in added.items():
            product = products[product_id]
            product.stock += quantity
            product.save(update_fields=["stock"])
    return len(added)
