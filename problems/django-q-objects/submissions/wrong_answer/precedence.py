from django.db.models import Q
from models import Product


def gift_ideas(category, max_price_cents, excluded_category):
    # & binds tighter than |: the stock and exclusion tests apply to the cheap products only.
    products = Product.objects.filter(
        Q(category=category) | Q(price_cents__lte=max_price_cents) & Q(stock__gt=0) & ~Q(category=excluded_category)
    ).order_by("price_cents", "name", "id")
    return [[p.id, p.name, p.price_cents] for p in products]
