import unittest
from datetime import date
from decimal import Decimal
from unittest.mock import Mock

from reminders import Invoice, send_overdue_reminders


class HappyPathTest(unittest.TestCase):
    def test_overdue_invoices_are_reminded(self):
        mailer = Mock()
        invoices = [
            Invoice("INV-1", "a@example.com", Decimal("10.00"), date(2024, 3, 1)),
            Invoice("INV-2", "b@example.com", Decimal("20.00"), date(2024, 3, 2)),
        ]
        self.assertEqual(send_overdue_reminders(invoices, mailer, date(2024, 3, 20)), ["INV-1", "INV-2"])
        self.assertEqual(mailer.send.call_count, 2)

    def test_future_invoice_is_not_reminded(self):
        mailer = Mock()
        invoice = Invoice("INV-1", "a@example.com", Decimal("10.00"), date(2024, 4, 1))
        self.assertEqual(send_overdue_reminders([invoice], mailer, date(2024, 3, 20)), [])
