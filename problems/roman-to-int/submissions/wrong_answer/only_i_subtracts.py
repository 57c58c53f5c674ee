VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_to_int(s):
    total = 0
    for i, ch in enumerate(s):
        if ch == "I" and i + 1 < len(s) and s[i + 1] in "VX":
            total -= 1
        else:
            total += VALUES[ch]
    return total
