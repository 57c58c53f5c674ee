import unittest
from datetime import date

from library import Library, LoanError


class LibraryTest(unittest.TestCase):
    def test_a_day_at_the_library(self):
        library = Library()
        library.add_copies("978-0", 2)
        library.checkout("ada", "978-0", date(2024, 3, 1))
        library.loans("ada")
        library.return_book("ada", "978-0", date(2024, 4, 30))
        try:
            library.checkout("ada", "978-0", date(2024, 5, 1))
        except LoanError:
            pass


if __name__ == "__main__":
    unittest.main()
