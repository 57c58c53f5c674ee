"""Customer value and loyalty tiers for the shop, on its Django models."""
from datetime import timedelta

from django.db.models import F, Q, Sum

from models import Customer, OrderItem, Product

COUNTED = ("paid", "shipped")
GOLD_CENTS = 100_000
SILVER_CENTS = 25_000
TIER_WINDOW = timedelta(days=365)


def line_value():
    return F("quantity") * F("unit_price_cents")


def order_total_cents(order):
    total = order.items.aggregate(total=Sum("unit_price_cents"))["total"]
    return total or 0


def lifetime_value_cents(customer, since=None):
    items = OrderItem.objects.filter(order__customer=customer, order__status__in=COUNTED)
    if since is not None:
        items = items.filter(order__placed_on__gte=since)
    total = items.aggregate(total=Sum(line_value()))["total"]
    return total or 0


def loyalty_tier(customer, today):
    value = lifetime_value_cents(customer, since=today - TIER_WINDOW)
    if value >= GOLD_CENTS:
        return "gold"
    if value >= SILVER_CENTS:
        return "silver"
    return "bronze"


def top_customers(limit=3):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    value = Sum(
        F("orders__items__quantity") * F("orders__items__unit_price_cents"),
        filter=Q(orders__status__in=COUNTED),
    )
    ranked = Customer.objects.annotate(value=value).filter(value__gt=0).order_by("-value", "name", "id")
    return [(customer.name, customer.value) for customer in ranked[:limit]]


def restock(product, quantity):
    if quantity < 1:
        raise ValueError("quantity must be at least 1")
    Product.objects.filter(pk=product.pk).update(stock=F("stock") + quantity)
    product.refresh_from_db(fields=["stock"])
    return product.stock
