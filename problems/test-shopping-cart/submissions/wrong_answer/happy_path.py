from decimal import Decimal

import pytest

from cart import Cart


@pytest.fixture
def cart():
    return Cart({"tea": Decimal("4.50"), "mug": Decimal("12.00")})


def test_add_and_total(cart):
    cart.add("tea", 2)
    cart.add("mug")
    assert len(cart) == 3
    assert cart.total() == Decimal("21.00")


def test_save10(cart):
    cart.add("mug")
    cart.apply_coupon("SAVE10")
    assert cart.total() == Decimal("10.80")
