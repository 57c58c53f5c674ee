from decimal import Decimal

from orderflow import Order


def test_moves_run():
    order = Order(1)
    order.pay(Decimal("10.00"))
    order.ship("T-1")
    order.deliver()
    order.refund()
    order.is_final
    order.can("pay")
