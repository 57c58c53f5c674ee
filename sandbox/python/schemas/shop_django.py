# The shop schema, as Django models. `from models import Customer, Order, ...` in a solution.
# Money is in whole cents.
from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)
    email = models.CharField(max_length=200, unique=True)
    city = models.CharField(max_length=60, null=True)
    joined_on = models.DateField()

    class Meta:
        app_label = "shop"
        db_table = "customer"


class Product(models.Model):
    name = models.CharField(max_length=100)
    category = models.CharField(max_length=60)
    price_cents = models.IntegerField()
    stock = models.IntegerField(default=0)

    class Meta:
        app_label = "shop"
        db_table = "product"


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="orders")
    placed_on = models.DateField()
    status = models.CharField(max_length=20)  # "pending", "paid", "shipped" or "cancelled"

    class Meta:
        app_label = "shop"
        db_table = "orders"


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="order_items")
    quantity = models.IntegerField()
    unit_price_cents = models.IntegerField()

    class Meta:
        app_label = "shop"
        db_table = "order_item"
