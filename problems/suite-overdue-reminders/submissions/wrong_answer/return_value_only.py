import unittest
from datetime import date, timedelta
from decimal import Decimal
from unittest.mock import Mock

from reminders import Invoice, MailError, send_overdue_reminders

DUE = date(2024, 3, 10)


class ReturnValueTest(unittest.TestCase):
    def test_due_date_is_not_overdue(self):
        invoice = Invoice("INV-1", "a@example.com", Decimal("10.00"), DUE)
        self.assertEqual(send_overdue_reminders([invoice], Mock(), DUE), [])

    def test_paid(self):
        invoice = Invoice("INV-1", "a@example.com", Decimal("10.00"), DUE, paid=True)
        self.assertEqual(send_overdue_reminders([invoice], Mock(), DUE + timedelta(days=5)), [])

    def test_failure_skips_one(self):
        mailer = Mock()
        mailer.send.side_effect = [MailError("x"), None]
        invoices = [Invoice(f"INV-{i}", "a@example.com", Decimal("10.00"), DUE) for i in (1, 2)]
        self.assertEqual(send_overdue_reminders(invoices, mailer, DUE + timedelta(days=5)), ["INV-2"])
