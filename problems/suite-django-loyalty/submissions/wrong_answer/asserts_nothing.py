from datetime import date

from django.test import TestCase

import loyalty
from models import Customer, Order, OrderItem, Product


class SmokeTest(TestCase):
    def test_everything_runs(self):
        ann = Customer.objects.create(name="Ann", email="ann@example.com", joined_on=date(2023, 1, 5))
        mug = Product.objects.create(name="Mug", category="kitchen", price_cents=1200, stock=3)
        order = Order.objects.create(customer=ann, placed_on=date(2024, 3, 1), status="pending")
        OrderItem.objects.create(order=order, product=mug, quantity=3, unit_price_cents=1100)
        loyalty.order_total_cents(order)
        loyalty.lifetime_value_cents(ann, since=date(2024, 3, 1))
        loyalty.loyalty_tier(ann, date(2024, 6, 1))
        loyalty.top_customers()
        loyalty.restock(mug, 1)
