import unittest
from datetime import date
from decimal import Decimal
from unittest.mock import Mock

from reminders import Invoice, MailError, send_overdue_reminders


class SmokeTest(unittest.TestCase):
    def test_runs(self):
        mailer = Mock()
        mailer.send.side_effect = [None, MailError("x"), None]
        invoices = [Invoice(f"INV-{i}", "a@example.com", Decimal("10.00"), date(2024, 3, i)) for i in range(1, 4)]
        send_overdue_reminders(invoices, mailer, date(2024, 3, 20), grace_days=2)
