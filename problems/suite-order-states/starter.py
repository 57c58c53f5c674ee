from decimal import Decimal

import pytest

from orderflow import IllegalTransition, Order


def test_paying_a_new_order_marks_it_paid():
    order = Order(1)
    order.pay(Decimal("10.00"))
    assert order.state == "paid"
