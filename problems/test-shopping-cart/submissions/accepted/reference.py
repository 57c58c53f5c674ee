from decimal import Decimal

import pytest

from cart import Cart


@pytest.fixture
def prices():
    return {"tea": Decimal("4.50"), "mug": Decimal("12.00"), "pen": Decimal("1.25"), "bag": Decimal("0.05")}


@pytest.fixture
def cart(prices):
    return Cart(prices)


@pytest.fixture
def filled(cart):
    cart.add("tea", 2)
    cart.add("mug")
    return cart


def test_a_new_cart_is_empty(cart):
    assert len(cart) == 0
    assert cart.items() == []
    assert cart.subtotal() == Decimal("0")
    assert cart.discount() == Decimal("0")
    assert cart.total() == Decimal("0.00")


def test_add_lists_items_in_first_added_order(filled):
    assert filled.items() == [("tea", 2), ("mug", 1)]
    assert filled.quantity("tea") == 2
    assert filled.quantity("mug") == 1
    assert filled.quantity("pen") == 0
    assert filled.quantity("nothing") == 0
    assert len(filled) == 3


def test_adding_again_adds_on_top(filled):
    filled.add("tea", 3)
    filled.add("mug")
    assert filled.items() == [("tea", 5), ("mug", 2)]
    assert len(filled) == 7


def test_items_is_a_copy(filled):
    filled.items().append(("pen", 9))
    assert filled.items() == [("tea", 2), ("mug", 1)]


def test_prices_are_copied(prices):
    cart = Cart(prices)
    cart.add("tea")
    prices["tea"] = Decimal("100")
    assert cart.subtotal() == Decimal("4.50")


def test_unknown_item_is_refused_before_the_quantity(cart):
    with pytest.raises(ValueError, match="^unknown item: cake$"):
        cart.add("cake")
    with pytest.raises(ValueError, match="^unknown item: cake$"):
        cart.add("cake", 0)
    assert cart.items() == []


@pytest.mark.parametrize("quantity", [0, -2, 1.5, True, "2"])
def test_add_refuses_a_bad_quantity(filled, quantity):
    with pytest.raises(ValueError, match="^quantity must be a positive integer$"):
        filled.add("tea", quantity)
    assert filled.items() == [("tea", 2), ("mug", 1)]


def test_remove_some_units_keeps_the_place(filled):
    filled.remove("tea", 1)
    assert filled.items() == [("tea", 1), ("mug", 1)]
    assert len(filled) == 2


def test_removing_the_last_unit_drops_the_line(filled):
    filled.remove("tea", 2)
    assert filled.items() == [("mug", 1)]
    assert filled.quantity("tea") == 0
    filled.add("tea")
    assert filled.items() == [("mug", 1), ("tea", 1)]


def test_remove_without_quantity_removes_every_unit(filled):
    filled.remove("tea")
    assert filled.items() == [("mug", 1)]
    assert len(filled) == 1


@pytest.mark.parametrize(
    "sku, quantity, message",
    [
        ("tea", 3, "only 2 of tea in the cart"),
        ("mug", 2, "only 1 of mug in the cart"),
        ("pen", 1, "only 0 of pen in the cart"),
        ("pen", None, "only 0 of pen in the cart"),
        ("cake", None, "only 0 of cake in the cart"),
    ],
)
def test_remove_more_than_held_is_refused(filled, sku, quantity, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        filled.remove(sku, quantity)
    assert filled.items() == [("tea", 2), ("mug", 1)]


@pytest.mark.parametrize("quantity", [0, -1, 1.0, True])
def test_remove_refuses_a_bad_quantity_first(filled, quantity):
    with pytest.raises(ValueError, match="^quantity must be a positive integer$"):
        filled.remove("pen", quantity)
    assert filled.items() == [("tea", 2), ("mug", 1)]


def test_subtotal_is_exact(cart):
    cart.add("pen", 3)
    cart.add("bag", 7)
    assert cart.subtotal() == Decimal("4.10")
    assert isinstance(cart.subtotal(), Decimal)


def test_save10(filled):
    filled.apply_coupon("SAVE10")
    assert filled.discount() == Decimal("2.1")
    assert filled.total() == Decimal("18.90")


def test_discount_is_not_rounded_but_the_total_rounds_half_up(cart):
    cart.add("pen")
    cart.apply_coupon("SAVE10")
    assert cart.discount() == Decimal("0.125")
    assert cart.total() == Decimal("1.13")


@pytest.mark.parametrize("pens, total", [(1, "1.13"), (3, "3.38"), (5, "5.63"), (9, "10.13")])
def test_total_rounds_halves_up(cart, pens, total):
    cart.add("pen", pens)
    cart.apply_coupon("SAVE10")
    assert cart.total() == Decimal(total)


def test_take5_needs_a_subtotal_of_twenty(cart):
    cart.apply_coupon("TAKE5")
    cart.add("mug")
    cart.add("tea")
    assert cart.subtotal() == Decimal("16.50")
    assert cart.discount() == Decimal("0")
    assert cart.total() == Decimal("16.50")
    cart.add("pen", 2)
    cart.add("bag", 10)
    assert cart.subtotal() == Decimal("19.50")
    assert cart.total() == Decimal("19.50")
    cart.add("bag", 10)
    assert cart.subtotal() == Decimal("20.00")
    assert cart.discount() == Decimal("5")
    assert cart.total() == Decimal("15.00")


def test_a_second_coupon_replaces_the_first(filled):
    filled.apply_coupon("SAVE10")
    filled.apply_coupon("TAKE5")
    assert filled.total() == Decimal("16.00")


@pytest.mark.parametrize("code", ["save10", "SAVE20", "", "TAKE 5"])
def test_unknown_coupon_is_refused_and_keeps_the_current_one(filled, code):
    filled.apply_coupon("SAVE10")
    with pytest.raises(ValueError, match=f"^unknown coupon: {code}$"):
        filled.apply_coupon(code)
    assert filled.total() == Decimal("18.90")


def test_clear_empties_the_cart_and_drops_the_coupon(filled):
    filled.apply_coupon("SAVE10")
    filled.clear()
    assert filled.items() == []
    assert len(filled) == 0
    filled.add("mug", 2)
    assert filled.discount() == Decimal("0")
    assert filled.total() == Decimal("24.00")
