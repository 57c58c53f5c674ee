SYMBOLS = [(1000, "M"), (500, "D"), (100, "C"), (50, "L"), (10, "X"), (5, "V"), (1, "I")]


def int_to_roman(num):
    if not 1 <= num <= 3999:
        raise ValueError("num must be between 1 and 3999")
    out = ""
    for value, symbol in SYMBOLS:
        while num >= value:
            out += symbol
            num -= value
    return out
