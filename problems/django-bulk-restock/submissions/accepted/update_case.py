from django.db import transaction
from django.db.models import Case, F, Value, When
from models import Product


def restock(deliveries):
    added = {}
    for product_id, quantity in deliveries:
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        added[product_id] = added.get(product_id, 0) + quantity
    if not added:
        return 0
    with transaction.atomic():
        # One UPDATE; an unknown id shows in its row count, and raising rolls it back.
        changed = Product.objects.filter(id__in=added).update(
            stock=F("stock") + Case(*[When(id=pid, then=Value(q)) for pid, q in added.items()], default=Value(0)))
        if changed != len(added):
            raise ValueError("unknown product")
    return changed
