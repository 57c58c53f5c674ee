"""A shopping cart priced in Decimal, with one coupon at a time."""
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
TAKE5_THRESHOLD = Decimal("20")
COUPONS = ("SAVE10", "TAKE5")


def _check_quantity(quantity):
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise ValueError("quantity must be a positive integer")


class Cart:
    def __init__(self, prices):
        self._prices = dict(prices)
        self._lines = {}
        self._coupon = None

    def add(self, sku, quantity=1):
        if sku not in self._prices:
            raise ValueError(f"unknown item: {sku}")
        _check_quantity(quantity)
        self._lines[sku] = self._lines.get(sku, 0) + quantity

    def remove(self, sku, quantity=None):
        held = self._lines.get(sku, 0)
        if quantity is None:
            quantity = held
        else:
            _check_quantity(quantity)
        if quantity > held or held == 0:
            raise ValueError(f"only {held} of {sku} in the cart")
        self._lines[sku] = held - quantity

    def quantity(self, sku):
        return self._lines.get(sku, 0)

    def items(self):
        return list(self._lines.items())

    def __len__(self):
        return sum(self._lines.values())

    def subtotal(self):
        return sum((self._prices[sku] * count for sku, count in self._lines.items()), Decimal("0"))

    def apply_coupon(self, code):
        if code not in COUPONS:
            raise ValueError(f"unknown coupon: {code}")
        self._coupon = code

    def discount(self):
        subtotal = self.subtotal()
        if self._coupon == "SAVE10":
            return subtotal / 10
        if self._coupon == "TAKE5" and subtotal >= TAKE5_THRESHOLD:
            return Decimal("5")
        return Decimal("0")

    def total(self):
        return (self.subtotal() - self.discount()).quantize(CENT, rounding=ROUND_HALF_UP)

    def clear(self):
        self._lines.clear()
        self._coupon = None
