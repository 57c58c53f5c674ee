def invoice(lines, tax_rate):
    subtotal = 0.0
    for description, unit_price, quantity in lines:
        subtotal += float(unit_price) * quantity
    tax = round(subtotal * float(tax_rate), 2)
    total = subtotal + tax
    return {"subtotal": f"{subtotal:.2f}", "tax": f"{tax:.2f}", "total": f"{total:.2f}"}
