from decimal import Decimal

import pytest

from orderflow import IllegalTransition, Order


@pytest.mark.parametrize("moves, final_state", [
    (["pay"], "paid"),
    (["pay", "ship"], "shipped"),
    (["cancel"], "cancelled"),
])
def test_states(moves, final_state):
    order = Order(1)
    for move in moves:
        if move == "pay":
            order.pay(Decimal("1.00"))
        elif move == "ship":
            order.ship("T")
        else:
            getattr(order, move)()
    assert order.state == final_state


def test_deliver_before_ship_is_illegal():
    order = Order(1)
    order.pay(Decimal("1.00"))
    with pytest.raises(IllegalTransition):
        order.deliver()


def test_cannot_cancel_shipped():
    order = Order(1)
    order.pay(Decimal("1.00"))
    order.ship("T")
    with pytest.raises(IllegalTransition):
        order.cancel()
