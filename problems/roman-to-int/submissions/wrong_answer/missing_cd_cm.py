VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_to_int(s):
    # Expands the subtractive pairs first, but forgets CD and CM.
    for pair, expanded in (("IV", "IIII"), ("IX", "VIIII"), ("XL", "XXXX"), ("XC", "LXXXX")):
        s = s.replace(pair, expanded)
    return sum(VALUES[ch] for ch in s)
