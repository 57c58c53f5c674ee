"""Invoice arithmetic: line discounts, a coupon, tax, all in Decimal cents."""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def to_cents(amount):
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Line:
    description: str
    unit_price: Decimal
    quantity: int
    discount_percent: Decimal = Decimal("0")

    def __post_init__(self):
        if not isinstance(self.unit_price, Decimal) or not isinstance(self.discount_percent, Decimal):
            raise TypeError("money amounts must be Decimal")
        if self.unit_price < 0:
            raise ValueError("unit_price must not be negative")
        if self.quantity < 1:
            raise ValueError("quantity must be at least 1")
        if not 0 <= self.discount_percent <= 100:
            raise ValueError("discount_percent must be between 0 and 100")

    @property
    def amount(self):
        return to_cents(self.unit_price * self.quantity)

    @property
    def discount(self):
        return to_cents(self.amount * self.discount_percent / HUNDRED)


def invoice_totals(lines, tax_rate, coupon=Decimal("0")):
    if not isinstance(tax_rate, Decimal) or not isinstance(coupon, Decimal):
        raise TypeError("money amounts must be Decimal")
    if tax_rate < 0:
        raise ValueError("tax_rate must not be negative")
    if coupon < 0:
        raise ValueError("coupon must not be negative")
    subtotal = sum((line.amount for line in lines), Decimal("0"))
    line_discounts = sum((line.discount for line in lines), Decimal("0"))
    coupon_used = min(coupon, subtotal - line_discounts)
    discount = line_discounts + coupon_used
    taxable = subtotal - discount
    tax = to_cents(taxable * tax_rate)
    return {
        "subtotal": to_cents(subtotal),
        "discount": to_cents(discount),
        "tax": tax,
        "total": to_cents(taxable + tax),
    }
