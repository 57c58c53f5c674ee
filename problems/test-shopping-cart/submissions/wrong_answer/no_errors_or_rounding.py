from decimal import Decimal

import pytest

from cart import Cart


@pytest.fixture
def filled():
    cart = Cart({"tea": Decimal("4.50"), "mug": Decimal("12.00")})
    cart.add("tea", 2)
    cart.add("mug")
    return cart


def test_items(filled):
    filled.add("tea")
    assert filled.items() == [("tea", 3), ("mug", 1)]


def test_remove(filled):
    filled.remove("tea")
    assert filled.items() == [("mug", 1)]


def test_coupons(filled):
    filled.apply_coupon("SAVE10")
    assert filled.total() == Decimal("18.90")
    filled.apply_coupon("TAKE5")
    assert filled.total() == Decimal("16.00")
