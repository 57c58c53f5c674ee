"""Roman numerals, 1 to 3999, both ways."""

_NUMERALS = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
LARGEST = 3999


def to_roman(number):
    """The canonical numeral of `number` (1..3999)."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise TypeError("number must be an int")
    if not 1 <= number <= LARGEST:
        raise ValueError(f"number out of range (1..3999): {number}")
    parts = []
    for value, symbol in _NUMERALS:
        count, number = divmod(number, value)
        parts.append(symbol * count)
    return "".join(parts)


def from_roman(numeral):
    """The value of a canonical numeral, in either case."""
    if not isinstance(numeral, str):
        raise TypeError("numeral must be a str")
    upper = numeral.upper()
    total = 0
    position = 0
    for value, symbol in _NUMERALS:
        while upper.startswith(symbol, position):
            total += value
            position += len(symbol)
    if upper and position == len(upper) and total <= LARGEST and to_roman(total) == upper:
        return total
    raise ValueError(f"invalid roman numeral: {numeral!r}")
