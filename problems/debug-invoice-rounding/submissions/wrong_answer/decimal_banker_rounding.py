from decimal import Decimal


def invoice(lines, tax_rate):
    subtotal = Decimal("0")
    for description, unit_price, quantity in lines:
        subtotal += Decimal(unit_price) * quantity
    tax = round(subtotal * Decimal(tax_rate), 2)
    total = subtotal + tax
    return {"subtotal": f"{subtotal:.2f}", "tax": f"{tax:.2f}", "total": f"{total:.2f}"}
