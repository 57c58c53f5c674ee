import unittest
from datetime import date
from decimal import Decimal
from unittest.mock import Mock, call

from reminders import Invoice, MailError, send_overdue_reminders


class SendOverdueRemindersTest(unittest.TestCase):
    def test_an_overdue_invoice_is_reminded(self):
        mailer = Mock()
        invoice = Invoice("INV-1", "ann@example.com", Decimal("50.00"), date(2024, 3, 1))
        self.assertEqual(send_overdue_reminders([invoice], mailer, today=date(2024, 3, 5)), ["INV-1"])
        self.assertEqual(mailer.send.call_count, 1)


if __name__ == "__main__":
    unittest.main()
