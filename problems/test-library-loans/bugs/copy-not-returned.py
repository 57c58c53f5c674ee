"""A lending library's loans: due dates, a loan limit and capped late fees."""
from datetime import timedelta
from decimal import Decimal

LOAN_DAYS = 21
MAX_LOANS = 3
DAILY_FEE = Decimal("0.25")
MAX_FEE = Decimal("5.00")
SUNDAY = 6


class LoanError(Exception):
    """A checkout, return or payment the library refuses."""


class Library:
    def __init__(self):
        self._copies = {}
        self._loans = {}
        self._owed = {}

    def add_copies(self, isbn, count=1):
        if count < 1:
            raise ValueError("count must be at least 1")
        self._copies[isbn] = self._copies.get(isbn, 0) + count

    def available(self, isbn):
        return self._copies.get(isbn, 0)

    def checkout(self, member, isbn, today):
        """Lend `isbn` to `member` on `today`; return the due date."""
        loans = self._loans.setdefault(member, {})
        owed = self.fees_owed(member)
        if owed > 0:
            raise LoanError(f"{member} owes {owed}")
        if len(loans) >= MAX_LOANS:
            raise LoanError(f"{member} has {MAX_LOANS} loans")
        if isbn in loans:
            raise LoanError(f"{member} already has {isbn}")
        if self.available(isbn) < 1:
            raise LoanError(f"no copy of {isbn} available")
        due = today + timedelta(days=LOAN_DAYS)
        if due.weekday() == SUNDAY:
            due += timedelta(days=1)
        self._copies[isbn] -= 1
        loans[isbn] = due
        return due

    def return_book(self, member, isbn, today):
        """Take `isbn` back from `member` on `today`; return the late fee it costs."""
        loans = self._loans.get(member, {})
        if isbn not in loans:
            raise LoanError(f"{member} does not have {isbn}")
        due = loans.pop(isbn)
        days_late = (today - due).days
        fee = min(MAX_FEE, DAILY_FEE * days_late) if days_late > 0 else Decimal("0.00")
        self._owed[member] = self.fees_owed(member) + fee
        return fee

    def loans(self, member):
        """The member's loans as (isbn, due) pairs, by due date then ISBN."""
        return sorted(self._loans.get(member, {}).items(), key=lambda loan: (loan[1], loan[0]))

    def fees_owed(self, member):
        return self._owed.get(member, Decimal("0.00"))

    def pay(self, member, amount):
        owed = self.fees_owed(member)
        if not 0 < amount <= owed:
            raise LoanError(f"payment must be more than 0 and at most {owed}")
        self._owed[member] = owed - amount
