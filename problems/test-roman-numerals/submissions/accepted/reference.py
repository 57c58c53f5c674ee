import unittest

from roman import from_roman, to_roman

KNOWN = {
    1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 9: "IX", 10: "X", 14: "XIV",
    40: "XL", 49: "XLIX", 50: "L", 90: "XC", 99: "XCIX", 400: "CD", 444: "CDXLIV", 500: "D",
    900: "CM", 1000: "M", 1994: "MCMXCIV", 2024: "MMXXIV", 3888: "MMMDCCCLXXXVIII",
    3999: "MMMCMXCIX",
}


class ToRomanTest(unittest.TestCase):
    def test_known_values(self):
        for number, numeral in KNOWN.items():
            with self.subTest(number=number):
                self.assertEqual(to_roman(number), numeral)

    def test_out_of_range_is_a_value_error_naming_the_number(self):
        for number in (0, -1, 4000, 10**6):
            with self.subTest(number=number):
                with self.assertRaises(ValueError) as raised:
                    to_roman(number)
                self.assertEqual(str(raised.exception), f"number out of range (1..3999): {number}")

    def test_not_an_int_is_a_type_error(self):
        for value in (True, False, 2.0, "4", None):
            with self.subTest(value=value):
                with self.assertRaises(TypeError) as raised:
                    to_roman(value)
                self.assertEqual(str(raised.exception), "number must be an int")


class FromRomanTest(unittest.TestCase):
    def test_known_values(self):
        for number, numeral in KNOWN.items():
            with self.subTest(numeral=numeral):
                self.assertEqual(from_roman(numeral), number)

    def test_any_case_is_read(self):
        self.assertEqual(from_roman("xiv"), 14)
        self.assertEqual(from_roman("XiV"), 14)
        self.assertEqual(from_roman("mmmcmxcix"), 3999)

    def test_invalid_numerals_are_value_errors_quoting_the_argument(self):
        for numeral in ("", "IIII", "iiii", "VV", "LL", "DD", "IC", "XM", "IIV", "MMMM", "ABC",
                        " XIV", "XIV ", "XIV\n", "X IV", "XXXX", "CCCC", "IL", "VX", "0"):
            with self.subTest(numeral=numeral):
                with self.assertRaises(ValueError) as raised:
                    from_roman(numeral)
                self.assertEqual(str(raised.exception), f"invalid roman numeral: {numeral!r}")

    def test_not_a_str_is_a_type_error(self):
        for value in (14, None, b"XIV"):
            with self.subTest(value=value):
                with self.assertRaises(TypeError) as raised:
                    from_roman(value)
                self.assertEqual(str(raised.exception), "numeral must be a str")


class RoundTripTest(unittest.TestCase):
    def test_round_trips_through_a_canonical_numeral(self):
        # Every units-and-tens combination, every hundreds-and-thousands one, and a few of all four.
        for number in [*range(1, 100), *range(100, 4000, 100), 1444, 2999, 3888, 3999]:
            numeral = to_roman(number)
            self.assertEqual(from_roman(numeral), number, numeral)
            self.assertNotRegex(numeral, "MMMM|CCCC|XXXX|IIII|D.*D|L.*L|V.*V")


if __name__ == "__main__":
    unittest.main()
