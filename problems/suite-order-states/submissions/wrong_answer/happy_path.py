from decimal import Decimal

from orderflow import Order


def test_full_life_cycle():
    order = Order(1)
    order.pay(Decimal("10.00"))
    order.ship("T-1")
    order.deliver()
    assert order.state == "delivered"


def test_cancel_new_order():
    order = Order(2)
    order.cancel()
    assert order.state == "cancelled"
