from decimal import Decimal

import pytest

from cart import Cart


@pytest.fixture
def prices():
    return {"tea": Decimal("4.50"), "mug": Decimal("12.00")}


def test_a_new_cart_is_empty(prices):
    assert len(Cart(prices)) == 0
