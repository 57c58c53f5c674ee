from django.db.models import Q
from models import Product


def gift_ideas(category, max_price_cents, excluded_category):
    return list(Product.objects.filter(Q(category=category) | Q(price_cents__lte=max_price_cents), stock__gt=0)
                .exclude(category=excluded_category)
                .order_by("price_cents", "name", "id")
                .values_list("id", "name", "price_cents"))
