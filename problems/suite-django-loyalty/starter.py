from datetime import date

from django.test import TestCase

import loyalty
from models import Customer, Order, OrderItem, Product


class OrderTotalTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ann = Customer.objects.create(name="Ann", email="ann@example.com", joined_on=date(2023, 1, 5))
        cls.mug = Product.objects.create(name="Mug", category="kitchen", price_cents=1200, stock=3)

    def test_an_order_without_items_is_zero(self):
        order = Order.objects.create(customer=self.ann, placed_on=date(2024, 3, 1), status="paid")
        self.assertEqual(loyalty.order_total_cents(order), 0)
