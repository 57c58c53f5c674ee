SYMBOLS = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"),
    (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
    (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]


def int_to_roman(num):
    if num < 1 or num > 4000:
        raise ValueError("num must be between 1 and 3999")
    out = ""
    for value, symbol in SYMBOLS:
        while num >= value:
            out += symbol
            num -= value
    return out
