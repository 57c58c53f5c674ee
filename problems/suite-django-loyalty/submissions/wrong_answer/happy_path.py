from datetime import date

from django.test import TestCase

import loyalty
from models import Customer, Order, OrderItem, Product


class HappyPathTest(TestCase):
    def setUp(self):
        self.ann = Customer.objects.create(name="Ann", email="ann@example.com", joined_on=date(2023, 1, 5))
        self.mug = Product.objects.create(name="Mug", category="kitchen", price_cents=1200, stock=3)
        self.order = Order.objects.create(customer=self.ann, placed_on=date(2024, 3, 1), status="paid")
        OrderItem.objects.create(order=self.order, product=self.mug, quantity=1, unit_price_cents=1100)

    def test_value(self):
        self.assertEqual(loyalty.lifetime_value_cents(self.ann), 1100)

    def test_tier(self):
        self.assertEqual(loyalty.loyalty_tier(self.ann, date(2024, 6, 1)), "bronze")

    def test_restock(self):
        self.assertEqual(loyalty.restock(self.mug, 2), 5)
