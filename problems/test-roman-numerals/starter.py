import unittest

from roman import from_roman, to_roman


class ToRomanTest(unittest.TestCase):
    def test_one(self):
        self.assertEqual(to_roman(1), "I")


if __name__ == "__main__":
    unittest.main()
