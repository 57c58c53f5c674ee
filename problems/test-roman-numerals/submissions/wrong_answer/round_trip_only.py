import unittest

from roman import from_roman, to_roman


class RoundTripTest(unittest.TestCase):
    """Round trips prove the two functions agree, not that either one is right."""

    def test_every_number_round_trips(self):
        for number in range(1, 3999):
            self.assertEqual(from_roman(to_roman(number)), number)

    def test_errors_are_value_errors(self):
        self.assertRaises(ValueError, to_roman, 5000)
        self.assertRaises(ValueError, from_roman, "ABC")


if __name__ == "__main__":
    unittest.main()
