from django.db import transaction
from models import Product


def restock(deliveries):
    added = {}
    for product_id, quantity in deliveries:
        if quantity <= 0:
            raise ValueError("quantity must be positive: %r" % quantity)
        added[product_id] = added.get(product_id, 0) + quantity
    if not added:
        return 0
    with transaction.atomic():
        products = list(Product.objects.select_for_update().filter(id__in=added))
        if len(products) != len(added):
            known = {p.id for p in products}
            raise ValueError("unknown products: %s" % sorted(set(added) - known))
        for product in products:
            product.stock += added[product.id]
        Product.objects.bulk_update(products, ["stock"])
    return len(products)
