from datetime import date, timedelta

from django.test import TestCase

import loyalty
from models import Customer, Order, OrderItem, Product

TODAY = date(2024, 6, 1)


class Shop(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.mug = Product.objects.create(name="Mug", category="kitchen", price_cents=1200, stock=3)
        cls.lamp = Product.objects.create(name="Lamp", category="home", price_cents=5000, stock=10)
        cls.serial = 0

    @classmethod
    def customer(cls, name, email=None):
        cls.serial += 1
        return Customer.objects.create(name=name, email=email or f"{name.lower()}{cls.serial}@example.com", joined_on=date(2023, 1, 1))

    def order(self, customer, status="paid", placed_on=date(2024, 3, 1), lines=((1, 1000),)):
        order = Order.objects.create(customer=customer, placed_on=placed_on, status=status)
        for quantity, unit in lines:
            OrderItem.objects.create(order=order, product=self.mug, quantity=quantity, unit_price_cents=unit)
        return order


class OrderTotalTest(Shop):
    def test_sums_quantity_times_unit_price(self):
        ann = self.customer("Ann")
        order = self.order(ann, lines=((2, 1100), (3, 250), (1, 5)))
        self.assertEqual(loyalty.order_total_cents(order), 2 * 1100 + 3 * 250 + 5)

    def test_uses_the_item_price_not_the_product_price(self):
        order = self.order(self.customer("Ann"), lines=((2, 999),))
        self.assertEqual(loyalty.order_total_cents(order), 1998)

    def test_no_items_is_zero(self):
        order = self.order(self.customer("Ann"), lines=())
        self.assertEqual(loyalty.order_total_cents(order), 0)

    def test_status_does_not_matter_and_other_orders_do_not_mix_in(self):
        ann = self.customer("Ann")
        pending = self.order(ann, status="pending", lines=((4, 100),))
        self.order(ann, status="paid", lines=((1, 7000),))
        self.assertEqual(loyalty.order_total_cents(pending), 400)


class LifetimeValueTest(Shop):
    def test_counts_paid_and_shipped_only(self):
        ann = self.customer("Ann")
        self.order(ann, status="paid", lines=((2, 1000),))
        self.order(ann, status="shipped", lines=((1, 300),))
        self.order(ann, status="pending", lines=((1, 50_000),))
        self.order(ann, status="cancelled", lines=((1, 70_000),))
        self.assertEqual(loyalty.lifetime_value_cents(ann), 2300)

    def test_only_pending_or_cancelled_is_zero(self):
        ann = self.customer("Ann")
        self.order(ann, status="pending")
        self.order(ann, status="cancelled")
        self.assertEqual(loyalty.lifetime_value_cents(ann), 0)

    def test_no_orders_is_zero(self):
        self.assertEqual(loyalty.lifetime_value_cents(self.customer("Ann")), 0)

    def test_other_customers_orders_do_not_count(self):
        ann, bob = self.customer("Ann"), self.customer("Bob")
        self.order(ann, lines=((1, 1000),))
        self.order(bob, lines=((1, 9000),))
        self.assertEqual(loyalty.lifetime_value_cents(ann), 1000)
        self.assertEqual(loyalty.lifetime_value_cents(bob), 9000)

    def test_since_is_inclusive(self):
        ann = self.customer("Ann")
        self.order(ann, placed_on=date(2024, 2, 29), lines=((1, 1),))
        self.order(ann, placed_on=date(2024, 3, 1), lines=((1, 20),))
        self.order(ann, placed_on=date(2024, 3, 2), lines=((1, 300),))
        self.assertEqual(loyalty.lifetime_value_cents(ann), 321)
        self.assertEqual(loyalty.lifetime_value_cents(ann, since=date(2024, 3, 1)), 320)
        self.assertEqual(loyalty.lifetime_value_cents(ann, since=date(2024, 3, 2)), 300)
        self.assertEqual(loyalty.lifetime_value_cents(ann, since=date(2024, 3, 3)), 0)
        self.assertEqual(loyalty.lifetime_value_cents(ann, since=date(2020, 1, 1)), 321)

    def test_an_order_with_many_items_counts_every_item(self):
        ann = self.customer("Ann")
        self.order(ann, lines=((3, 100), (2, 50)))
        self.assertEqual(loyalty.lifetime_value_cents(ann), 400)


class LoyaltyTierTest(Shop):
    def tier_for(self, cents, placed_on=TODAY - timedelta(days=10), status="paid"):
        customer = self.customer("Cat")
        self.order(customer, status=status, placed_on=placed_on, lines=((1, cents),))
        return loyalty.loyalty_tier(customer, TODAY)

    def test_thresholds(self):
        for cents, tier in ((0, "bronze"), (24_999, "bronze"), (25_000, "silver"), (99_999, "silver"), (100_000, "gold"), (250_000, "gold")):
            with self.subTest(cents=cents):
                self.assertEqual(self.tier_for(cents), tier)

    def test_no_orders_is_bronze(self):
        self.assertEqual(loyalty.loyalty_tier(self.customer("Dan"), TODAY), "bronze")

    def test_only_the_last_365_days_count(self):
        self.assertEqual(self.tier_for(100_000, placed_on=TODAY - timedelta(days=365)), "gold")
        self.assertEqual(self.tier_for(100_000, placed_on=TODAY - timedelta(days=366)), "bronze")
        self.assertEqual(self.tier_for(100_000, placed_on=TODAY), "gold")

    def test_the_window_adds_up_several_orders(self):
        eve = self.customer("Eve")
        self.order(eve, placed_on=TODAY - timedelta(days=300), lines=((1, 60_000),))
        self.order(eve, status="shipped", placed_on=TODAY - timedelta(days=3), lines=((2, 20_000),))
        self.order(eve, placed_on=TODAY - timedelta(days=400), lines=((1, 90_000),))
        self.assertEqual(loyalty.loyalty_tier(eve, TODAY), "gold")
        self.assertEqual(loyalty.loyalty_tier(eve, TODAY + timedelta(days=66)), "silver")

    def test_pending_orders_do_not_lift_the_tier(self):
        self.assertEqual(self.tier_for(500_000, status="pending"), "bronze")
        self.assertEqual(self.tier_for(500_000, status="cancelled"), "bronze")


class TopCustomersTest(Shop):
    def setUp(self):
        self.ann, self.bob, self.cy, self.dee = (self.customer(n) for n in ("Ann", "Bob", "Cy", "Dee"))
        self.order(self.ann, lines=((1, 5000),))
        self.order(self.bob, status="shipped", lines=((2, 4000),))
        self.order(self.cy, lines=((1, 5000),))
        self.order(self.cy, status="pending", lines=((1, 99_000),))
        self.order(self.dee, lines=((1, 100),))

    def test_highest_first_ties_by_name_limited(self):
        self.assertEqual(loyalty.top_customers(), [("Bob", 8000), ("Ann", 5000), ("Cy", 5000)])
        self.assertEqual(loyalty.top_customers(limit=1), [("Bob", 8000)])
        self.assertEqual(loyalty.top_customers(limit=10), [("Bob", 8000), ("Ann", 5000), ("Cy", 5000), ("Dee", 100)])

    def test_customers_who_spent_nothing_are_left_out(self):
        eve = self.customer("Eve")
        self.order(eve, status="pending", lines=((1, 1_000_000),))
        self.order(eve, status="cancelled", lines=((1, 1_000_000),))
        self.customer("Fay")
        self.assertEqual(loyalty.top_customers(limit=10), [("Bob", 8000), ("Ann", 5000), ("Cy", 5000), ("Dee", 100)])

    def test_values_add_up_every_counted_order(self):
        self.order(self.dee, status="shipped", lines=((3, 3000),))
        self.assertEqual(loyalty.top_customers(limit=2), [("Dee", 9100), ("Bob", 8000)])

    def test_ties_go_by_name_not_by_creation_order(self):
        zed, abe = self.customer("Zed"), self.customer("Abe")
        self.order(zed, lines=((1, 8000),))
        self.order(abe, lines=((2, 4000),))
        self.assertEqual(loyalty.top_customers(limit=3), [("Abe", 8000), ("Bob", 8000), ("Zed", 8000)])

    def test_limit_below_one_raises(self):
        for limit in (0, -1):
            with self.subTest(limit=limit), self.assertRaises(ValueError):
                loyalty.top_customers(limit=limit)


class TopCustomersEmptyTest(Shop):
    def test_no_customers(self):
        self.assertEqual(loyalty.top_customers(), [])


class RestockTest(Shop):
    def test_adds_and_returns_the_new_stock(self):
        lamp = Product.objects.get(pk=self.lamp.pk)
        self.assertEqual(loyalty.restock(lamp, 5), 15)
        self.assertEqual(lamp.stock, 15)
        self.assertEqual(Product.objects.get(pk=self.lamp.pk).stock, 15)

    def test_a_stale_object_does_not_lose_an_update(self):
        stale = Product.objects.get(pk=self.mug.pk)
        Product.objects.filter(pk=self.mug.pk).update(stock=40)
        self.assertEqual(loyalty.restock(stale, 2), 42)
        self.assertEqual(stale.stock, 42)
        self.assertEqual(Product.objects.get(pk=self.mug.pk).stock, 42)

    def test_two_stale_copies(self):
        first = Product.objects.get(pk=self.mug.pk)
        second = Product.objects.get(pk=self.mug.pk)
        loyalty.restock(first, 1)
        self.assertEqual(loyalty.restock(second, 1), 5)
        self.assertEqual(Product.objects.get(pk=self.mug.pk).stock, 5)

    def test_only_that_product_changes(self):
        loyalty.restock(Product.objects.get(pk=self.mug.pk), 1)
        self.assertEqual(Product.objects.get(pk=self.lamp.pk).stock, 10)

    def test_smallest_quantity(self):
        self.assertEqual(loyalty.restock(Product.objects.get(pk=self.mug.pk), 1), 4)

    def test_quantity_below_one_changes_nothing(self):
        for quantity in (0, -3):
            with self.subTest(quantity=quantity):
                mug = Product.objects.get(pk=self.mug.pk)
                with self.assertRaises(ValueError):
                    loyalty.restock(mug, quantity)
                self.assertEqual(mug.stock, 3)
                self.assertEqual(Product.objects.get(pk=self.mug.pk).stock, 3)
