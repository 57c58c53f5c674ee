from decimal import Decimal

import pytest

from orderflow import IllegalTransition, Order

PAID = Decimal("25.00")

# How to reach each state, as the list of moves from a new order.
PATHS = {
    "new": [],
    "paid": ["pay"],
    "shipped": ["pay", "ship"],
    "delivered": ["pay", "ship", "deliver"],
    "cancelled-unpaid": ["cancel"],
    "cancelled-paid": ["pay", "cancel"],
    "refunded-after-delivery": ["pay", "ship", "deliver", "refund"],
    "refunded-after-cancel": ["pay", "cancel", "refund"],
}

LEGAL = {
    ("new", "pay"): "paid",
    ("new", "cancel"): "cancelled",
    ("paid", "ship"): "shipped",
    ("paid", "cancel"): "cancelled",
    ("shipped", "deliver"): "delivered",
    ("delivered", "refund"): "refunded",
    ("cancelled-paid", "refund"): "refunded",
}

ACTIONS = ["pay", "ship", "deliver", "cancel", "refund"]


def act(order, action):
    if action == "pay":
        return order.pay(PAID)
    if action == "ship":
        return order.ship("TRACK-1")
    return getattr(order, action)()


def order_in(state):
    order = Order(7)
    for action in PATHS[state]:
        act(order, action)
    return order


def snapshot(order):
    return (order.state, list(order.history), order.paid_amount, order.tracking)


@pytest.mark.parametrize("state", PATHS)
@pytest.mark.parametrize("action", ACTIONS)
def test_transition_table(state, action):
    order = order_in(state)
    before = snapshot(order)
    if (state, action) in LEGAL:
        assert order.can(action) is True
        act(order, action)
        assert order.state == LEGAL[(state, action)]
        assert order.history == before[1] + [order.state]
    else:
        assert order.can(action) is False
        with pytest.raises(IllegalTransition) as raised:
            act(order, action)
        assert raised.value.action == action
        assert raised.value.state == before[0]
        assert str(raised.value) == f"cannot {action} an order that is {before[0]}"
        assert snapshot(order) == before


def test_a_new_order():
    order = Order("A-1")
    assert order.order_id == "A-1"
    assert snapshot(order) == ("new", ["new"], None, None)
    assert order.is_final is False


def test_the_happy_path_history():
    order = Order(1)
    order.pay(Decimal("19.90"))
    order.ship("  ZX-1 ")
    order.deliver()
    assert order.refund() == Decimal("19.90")
    assert order.history == ["new", "paid", "shipped", "delivered", "refunded"]
    assert order.tracking == "ZX-1"
    assert order.paid_amount == Decimal("19.90")


def test_cancel_and_refund_history():
    order = Order(1)
    order.pay(Decimal("5.00"))
    order.cancel()
    assert order.history == ["new", "paid", "cancelled"]
    assert order.refund() == Decimal("5.00")
    assert order.history == ["new", "paid", "cancelled", "refunded"]


def test_cancel_after_shipping_is_illegal():
    order = order_in("shipped")
    with pytest.raises(IllegalTransition, match="^cannot cancel an order that is shipped$"):
        order.cancel()
    assert order.state == "shipped"


def test_refund_of_an_unpaid_cancelled_order_is_illegal():
    order = order_in("cancelled-unpaid")
    assert order.can("refund") is False
    with pytest.raises(IllegalTransition):
        order.refund()
    assert order.history == ["new", "cancelled"]


def test_illegal_transition_is_not_a_value_error():
    assert issubclass(IllegalTransition, Exception)
    assert not issubclass(IllegalTransition, ValueError)
    with pytest.raises(IllegalTransition) as raised:
        Order(1).deliver()
    assert not isinstance(raised.value, ValueError)


@pytest.mark.parametrize(
    "state, final",
    [
        ("new", False),
        ("paid", False),
        ("shipped", False),
        ("delivered", False),
        ("cancelled-unpaid", True),
        ("cancelled-paid", False),
        ("refunded-after-delivery", True),
        ("refunded-after-cancel", True),
    ],
)
def test_is_final(state, final):
    order = order_in(state)
    assert order.is_final is final
    assert final == (not any(order.can(action) for action in ACTIONS))


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1.00"), 10, 10.0, "10.00", None])
def test_bad_payment_amounts(amount):
    order = Order(1)
    with pytest.raises(ValueError):
        order.pay(amount)
    assert snapshot(order) == ("new", ["new"], None, None)


def test_smallest_payment():
    order = Order(1)
    order.pay(Decimal("0.01"))
    assert order.paid_amount == Decimal("0.01")


@pytest.mark.parametrize("tracking", ["", "   ", "\t", None, 123])
def test_bad_tracking_numbers(tracking):
    order = order_in("paid")
    with pytest.raises(ValueError):
        order.ship(tracking)
    assert snapshot(order) == ("paid", ["new", "paid"], PAID, None)


def test_tracking_is_stripped():
    order = order_in("paid")
    order.ship("\t 1Z 999 \n")
    assert order.tracking == "1Z 999"


@pytest.mark.parametrize("state", ["new", "shipped", "delivered", "cancelled-unpaid", "refunded-after-cancel"])
@pytest.mark.parametrize("tracking", ["", "   ", "TRACK-2"])
def test_ship_checks_the_state_before_the_argument(state, tracking):
    order = order_in(state)
    before = snapshot(order)
    with pytest.raises(IllegalTransition):
        order.ship(tracking)
    assert snapshot(order) == before


@pytest.mark.parametrize("state", ["paid", "shipped", "delivered", "cancelled-paid", "cancelled-unpaid"])
@pytest.mark.parametrize("amount", [Decimal("99.00"), Decimal("0"), Decimal("-5")])
def test_pay_checks_the_state_before_the_argument(state, amount):
    order = order_in(state)
    before = snapshot(order)
    with pytest.raises(IllegalTransition):
        order.pay(amount)
    assert snapshot(order) == before


def test_paying_twice_keeps_the_first_amount():
    order = Order(1)
    order.pay(Decimal("10.00"))
    with pytest.raises(IllegalTransition, match="cannot pay an order that is paid"):
        order.pay(Decimal("99.00"))
    assert order.paid_amount == Decimal("10.00")


def test_can_does_not_move():
    order = Order(1)
    for action in ACTIONS:
        order.can(action)
    assert snapshot(order) == ("new", ["new"], None, None)


@pytest.mark.parametrize("action", ["teleport", "", "PAY", "Refund"])
def test_can_rejects_unknown_actions(action):
    with pytest.raises(ValueError):
        Order(1).can(action)


def test_orders_are_independent():
    first, second = Order(1), Order(2)
    first.pay(Decimal("1.00"))
    assert second.state == "new"
    assert second.history == ["new"]
    assert second.paid_amount is None
