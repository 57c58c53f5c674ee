from decimal import Decimal

import pytest

from cart import Cart


@pytest.fixture
def cart():
    return Cart({"tea": Decimal("4.50"), "mug": Decimal("12.00")})


def test_everything_runs(cart):
    cart.add("tea", 2)
    cart.add("mug")
    cart.remove("tea", 1)
    cart.apply_coupon("TAKE5")
    cart.total()
    cart.items()
    cart.clear()
