def cents(text):
    units, _, fraction = text.partition(".")
    sign = -1 if units.startswith("-") else 1
    return sign * (abs(int(units or "0")) * 100 + int((fraction + "00")[:2]))


def invoice(lines, tax_rate):
    subtotal = sum(cents(unit_price) * quantity for description, unit_price, quantity in lines)
    whole, _, fraction = tax_rate.partition(".")
    scale = 10 ** len(fraction)
    rate = int(whole or "0") * scale + int(fraction or "0")
    tax = (subtotal * rate * 2 + scale) // (2 * scale)
    total = subtotal + tax

    def show(amount):
        return f"{amount // 100}.{amount % 100:02d}"

    return {"subtotal": show(subtotal), "tax": show(tax), "total": show(total)}
