VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_to_int(s):
    total = 0
    previous = 0
    for ch in reversed(s):
        value = VALUES[ch]
        if value < previous:
            total -= value
        else:
            total += value
            previous = value
    return total
