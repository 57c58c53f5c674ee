from decimal import ROUND_HALF_UP, Decimal


def invoice(lines, tax_rate):
    subtotal = 0.0
    for description, unit_price, quantity in lines:
        subtotal += float(unit_price) * quantity
    tax = float(Decimal(subtotal * float(tax_rate)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    total = subtotal + tax
    return {"subtotal": f"{subtotal:.2f}", "tax": f"{tax:.2f}", "total": f"{total:.2f}"}
