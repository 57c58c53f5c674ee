import unittest
from datetime import date
from decimal import Decimal

from library import Library


class LibraryTest(unittest.TestCase):
    def setUp(self):
        self.library = Library()
        self.library.add_copies("978-0", 2)

    def test_checkout_and_return(self):
        due = self.library.checkout("ada", "978-0", date(2024, 3, 1))
        self.assertEqual(due, date(2024, 3, 22))
        self.assertEqual(self.library.available("978-0"), 1)
        self.assertEqual(self.library.return_book("ada", "978-0", date(2024, 3, 25)), Decimal("0.75"))


if __name__ == "__main__":
    unittest.main()
