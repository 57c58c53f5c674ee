import unittest
from datetime import date, timedelta
from decimal import Decimal

from library import Library, LoanError

FRIDAY = date(2024, 3, 1)
SUNDAY = date(2024, 3, 3)


class LibraryTestCase(unittest.TestCase):
    def setUp(self):
        self.library = Library()
        self.library.add_copies("A", 2)
        self.library.add_copies("B")
        self.library.add_copies("C")
        self.library.add_copies("D")

    def assertLoanError(self, message, call, *args):
        with self.assertRaises(LoanError) as raised:
            call(*args)
        self.assertEqual(str(raised.exception), message)


class ShelfTest(LibraryTestCase):
    def test_copies(self):
        self.assertEqual(self.library.available("A"), 2)
        self.library.add_copies("A", 3)
        self.assertEqual(self.library.available("A"), 5)
        self.assertEqual(self.library.available("never"), 0)

    def test_count_below_one(self):
        for count in (0, -1):
            with self.subTest(count=count):
                with self.assertRaises(ValueError) as raised:
                    self.library.add_copies("A", count)
                self.assertEqual(str(raised.exception), "count must be at least 1")
        self.assertEqual(self.library.available("A"), 2)


class DueDateTest(LibraryTestCase):
    def test_three_weeks(self):
        self.assertEqual(self.library.checkout("ada", "A", FRIDAY), date(2024, 3, 22))

    def test_every_weekday(self):
        for offset in range(7):
            today = date(2024, 3, 4) + timedelta(days=offset)
            with self.subTest(today=today):
                library = Library()
                library.add_copies("A")
                due = library.checkout("ada", "A", today)
                expected = today + timedelta(days=21)
                if expected.weekday() == 6:
                    expected += timedelta(days=1)
                self.assertEqual(due, expected)
                self.assertNotEqual(due.weekday(), 6)

    def test_a_sunday_due_date_moves_to_monday(self):
        due = self.library.checkout("ada", "A", SUNDAY)
        self.assertEqual(due, date(2024, 3, 25))
        self.assertEqual(self.library.loans("ada"), [("A", date(2024, 3, 25))])

    def test_across_a_year_end(self):
        self.assertEqual(self.library.checkout("ada", "A", date(2024, 12, 20)), date(2025, 1, 10))


class CheckoutTest(LibraryTestCase):
    def test_checkout_takes_a_copy(self):
        self.library.checkout("ada", "A", FRIDAY)
        self.assertEqual(self.library.available("A"), 1)
        self.library.checkout("bob", "A", FRIDAY)
        self.assertEqual(self.library.available("A"), 0)

    def test_no_copy_left(self):
        self.library.checkout("ada", "B", FRIDAY)
        self.assertLoanError("no copy of B available", self.library.checkout, "bob", "B", FRIDAY)
        self.assertLoanError("no copy of Z available", self.library.checkout, "bob", "Z", FRIDAY)
        self.assertEqual(self.library.loans("bob"), [])

    def test_same_book_twice(self):
        self.library.checkout("ada", "A", FRIDAY)
        self.assertLoanError("ada already has A", self.library.checkout, "ada", "A", FRIDAY)
        self.assertEqual(self.library.available("A"), 1)

    def test_three_loans_at_most(self):
        for isbn in ("A", "B", "C"):
            self.library.checkout("ada", isbn, FRIDAY)
        self.assertLoanError("ada has 3 loans", self.library.checkout, "ada", "D", FRIDAY)
        self.assertEqual(self.library.available("D"), 1)
        self.library.return_book("ada", "B", FRIDAY)
        self.library.checkout("ada", "D", FRIDAY)

    def test_the_limit_comes_before_the_duplicate_and_the_shelf(self):
        for isbn in ("A", "B", "C"):
            self.library.checkout("ada", isbn, FRIDAY)
        self.assertLoanError("ada has 3 loans", self.library.checkout, "ada", "A", FRIDAY)
        self.assertLoanError("ada has 3 loans", self.library.checkout, "ada", "Z", FRIDAY)

    def test_the_duplicate_comes_before_the_shelf(self):
        self.library.checkout("ada", "B", FRIDAY)
        self.assertLoanError("ada already has B", self.library.checkout, "ada", "B", FRIDAY)

    def test_a_debtor_cannot_borrow_whatever_else_is_wrong(self):
        self.library.checkout("ada", "A", FRIDAY)
        self.library.return_book("ada", "A", date(2024, 3, 23))
        self.assertLoanError("ada owes 0.25", self.library.checkout, "ada", "B", FRIDAY)
        self.assertLoanError("ada owes 0.25", self.library.checkout, "ada", "Z", FRIDAY)
        self.assertEqual(self.library.available("B"), 1)
        self.library.pay("ada", Decimal("0.25"))
        self.assertEqual(self.library.checkout("ada", "B", FRIDAY), date(2024, 3, 22))


class ReturnTest(LibraryTestCase):
    def setUp(self):
        super().setUp()
        self.due = self.library.checkout("ada", "A", FRIDAY)

    def test_the_copy_goes_back_on_the_shelf(self):
        self.library.return_book("ada", "A", FRIDAY)
        self.assertEqual(self.library.available("A"), 2)
        self.assertEqual(self.library.loans("ada"), [])
        self.library.checkout("bob", "B", FRIDAY)
        self.library.return_book("bob", "B", FRIDAY)
        self.assertEqual(self.library.checkout("cy", "B", FRIDAY), date(2024, 3, 22))

    def test_on_time_costs_nothing(self):
        for today in (FRIDAY, self.due - timedelta(days=1), self.due):
            with self.subTest(today=today):
                library = Library()
                library.add_copies("A")
                library.checkout("ada", "A", FRIDAY)
                self.assertEqual(library.return_book("ada", "A", today), Decimal("0"))
                self.assertEqual(library.fees_owed("ada"), Decimal("0"))

    def test_late_fees(self):
        for days, fee in ((1, "0.25"), (2, "0.50"), (3, "0.75"), (19, "4.75"), (20, "5.00"), (21, "5.00"),
                          (365, "5.00")):
            with self.subTest(days=days):
                library = Library()
                library.add_copies("A")
                due = library.checkout("ada", "A", FRIDAY)
                self.assertEqual(library.return_book("ada", "A", due + timedelta(days=days)), Decimal(fee))
                self.assertEqual(library.fees_owed("ada"), Decimal(fee))

    def test_fees_add_up(self):
        self.library.checkout("ada", "B", FRIDAY)
        self.library.return_book("ada", "A", self.due + timedelta(days=2))
        self.library.return_book("ada", "B", self.due + timedelta(days=100))
        self.assertEqual(self.library.fees_owed("ada"), Decimal("5.50"))
        self.assertEqual(self.library.fees_owed("bob"), Decimal("0"))

    def test_return_of_a_book_not_on_loan(self):
        self.assertLoanError("ada does not have B", self.library.return_book, "ada", "B", FRIDAY)
        self.assertLoanError("bob does not have A", self.library.return_book, "bob", "A", FRIDAY)
        self.library.return_book("ada", "A", FRIDAY)
        self.assertLoanError("ada does not have A", self.library.return_book, "ada", "A", FRIDAY)
        self.assertEqual(self.library.available("A"), 2)


class LoansTest(LibraryTestCase):
    def test_sorted_by_due_date_then_isbn(self):
        self.library.checkout("ada", "C", date(2024, 3, 5))
        self.library.checkout("ada", "B", date(2024, 3, 4))
        self.library.checkout("ada", "A", date(2024, 3, 5))
        self.assertEqual(
            self.library.loans("ada"),
            [("B", date(2024, 3, 25)), ("A", date(2024, 3, 26)), ("C", date(2024, 3, 26))],
        )

    def test_a_sunday_moved_loan_sorts_with_the_monday(self):
        self.library.checkout("ada", "B", date(2024, 3, 4))
        self.library.checkout("ada", "A", SUNDAY)
        self.assertEqual(self.library.loans("ada"), [("A", date(2024, 3, 25)), ("B", date(2024, 3, 25))])

    def test_nobody(self):
        self.assertEqual(self.library.loans("nobody"), [])


class PayTest(LibraryTestCase):
    def setUp(self):
        super().setUp()
        self.library.checkout("ada", "A", FRIDAY)
        self.library.return_book("ada", "A", date(2024, 3, 26))

    def test_partial_and_full_payment(self):
        self.assertEqual(self.library.fees_owed("ada"), Decimal("1.00"))
        self.library.pay("ada", Decimal("0.40"))
        self.assertEqual(self.library.fees_owed("ada"), Decimal("0.60"))
        self.assertLoanError("ada owes 0.60", self.library.checkout, "ada", "B", FRIDAY)
        self.library.pay("ada", Decimal("0.60"))
        self.assertEqual(self.library.fees_owed("ada"), Decimal("0"))

    def test_bad_amounts(self):
        for amount in (Decimal("0"), Decimal("-1"), Decimal("1.01")):
            with self.subTest(amount=amount):
                self.assertLoanError("payment must be more than 0 and at most 1.00", self.library.pay, "ada",
                                     amount)
        self.assertEqual(self.library.fees_owed("ada"), Decimal("1.00"))
        self.assertLoanError("payment must be more than 0 and at most 0.00", self.library.pay, "bob",
                             Decimal("0.01"))


if __name__ == "__main__":
    unittest.main()
