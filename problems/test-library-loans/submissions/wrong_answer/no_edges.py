import unittest
from datetime import date
from decimal import Decimal

from library import Library, LoanError


class LibraryTest(unittest.TestCase):
    """Checks each feature once, away from its edges: no Sunday, no cap, no due-date return."""

    def setUp(self):
        self.library = Library()
        for isbn in ("A", "B", "C", "D"):
            self.library.add_copies(isbn)

    def test_due_date(self):
        self.assertEqual(self.library.checkout("ada", "A", date(2024, 3, 1)), date(2024, 3, 22))

    def test_late_fee(self):
        self.library.checkout("ada", "A", date(2024, 3, 1))
        self.assertEqual(self.library.return_book("ada", "A", date(2024, 3, 26)), Decimal("1.00"))

    def test_loan_limit(self):
        for isbn in ("A", "B", "C"):
            self.library.checkout("ada", isbn, date(2024, 3, 1))
        with self.assertRaises(LoanError):
            self.library.checkout("ada", "D", date(2024, 3, 1))


if __name__ == "__main__":
    unittest.main()
