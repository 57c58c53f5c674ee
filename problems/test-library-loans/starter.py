import unittest
from datetime import date
from decimal import Decimal

from library import Library, LoanError


class CheckoutTest(unittest.TestCase):
    def setUp(self):
        self.library = Library()
        self.library.add_copies("978-0", 2)

    def test_checkout_takes_a_copy_off_the_shelf(self):
        self.library.checkout("ada", "978-0", date(2024, 3, 1))
        self.assertEqual(self.library.available("978-0"), 1)


if __name__ == "__main__":
    unittest.main()
