from datetime import date

from django.test import TestCase

import loyalty
from models import Customer, Order, OrderItem, Product


class OneCustomerTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ann = Customer.objects.create(name="Ann", email="ann@example.com", joined_on=date(2023, 1, 5))
        cls.mug = Product.objects.create(name="Mug", category="kitchen", price_cents=1200, stock=3)

    def add(self, status, cents, quantity=1, placed_on=date(2024, 3, 1)):
        order = Order.objects.create(customer=self.ann, placed_on=placed_on, status=status)
        OrderItem.objects.create(order=order, product=self.mug, quantity=quantity, unit_price_cents=cents)
        return order

    def test_total_uses_quantity(self):
        self.assertEqual(loyalty.order_total_cents(self.add("paid", 100, quantity=3)), 300)

    def test_pending_does_not_count(self):
        self.add("paid", 100)
        self.add("pending", 5000)
        self.assertEqual(loyalty.lifetime_value_cents(self.ann), 100)

    def test_gold(self):
        self.add("paid", 200_000, placed_on=date(2024, 5, 1))
        self.assertEqual(loyalty.loyalty_tier(self.ann, date(2024, 6, 1)), "gold")
