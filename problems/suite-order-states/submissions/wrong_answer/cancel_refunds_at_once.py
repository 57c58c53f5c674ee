from decimal import Decimal

from orderflow import Order


# Believes a cancelled paid order is refunded by cancel() itself: fails on the correct module.
def test_cancel_of_a_paid_order_refunds_it():
    order = Order(1)
    order.pay(Decimal("10.00"))
    order.cancel()
    assert order.state == "refunded"
