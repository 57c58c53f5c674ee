from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def invoice(lines, tax_rate):
    subtotal = Decimal("0")
    for description, unit_price, quantity in lines:
        subtotal += Decimal(float(unit_price)) * quantity
    tax = (subtotal * Decimal(float(tax_rate))).quantize(CENT, rounding=ROUND_HALF_UP)
    total = subtotal + tax
    return {"subtotal": f"{subtotal:.2f}", "tax": f"{tax:.2f}", "total": f"{total:.2f}"}
