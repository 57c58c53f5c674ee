import unittest
from datetime import date, timedelta
from decimal import Decimal
from unittest.mock import Mock, call

from reminders import Invoice, MailError, send_overdue_reminders

DUE = date(2024, 3, 10)


def invoice(number="INV-1", email="ann@example.com", amount="100.00", due=DUE, **kwargs):
    return Invoice(number, email, Decimal(amount), due, **kwargs)


def expected_call(inv, today):
    days = (today - inv.due_date).days
    return call(
        to=inv.customer_email,
        subject=f"Invoice {inv.number} is overdue",
        body=f"Invoice {inv.number} for {inv.amount_due} was due on {inv.due_date.isoformat()} and is {days} days overdue.",
    )


class WhoIsRemindedTest(unittest.TestCase):
    def setUp(self):
        self.mailer = Mock()

    def test_one_day_late_is_reminded_with_the_exact_email(self):
        inv = invoice()
        today = DUE + timedelta(days=1)
        self.assertEqual(send_overdue_reminders([inv], self.mailer, today), ["INV-1"])
        self.mailer.send.assert_called_once_with(
            to="ann@example.com",
            subject="Invoice INV-1 is overdue",
            body="Invoice INV-1 for 100.00 was due on 2024-03-10 and is 1 days overdue.",
        )
        self.assertEqual(inv.last_reminded, today)

    def test_not_on_the_due_date_nor_before(self):
        for today in (DUE, DUE - timedelta(days=1), DUE - timedelta(days=30)):
            with self.subTest(today=today):
                inv = invoice()
                self.assertEqual(send_overdue_reminders([inv], self.mailer, today), [])
                self.assertIsNone(inv.last_reminded)
        self.mailer.send.assert_not_called()

    def test_a_paid_invoice_is_never_reminded(self):
        inv = invoice(paid=True)
        self.assertEqual(send_overdue_reminders([inv], self.mailer, DUE + timedelta(days=40)), [])
        self.mailer.send.assert_not_called()
        self.assertIsNone(inv.last_reminded)

    def test_nothing_due_is_not_reminded(self):
        for amount in ("0", "0.00", "-5.00"):
            with self.subTest(amount=amount):
                self.assertEqual(send_overdue_reminders([invoice(amount=amount)], self.mailer, DUE + timedelta(days=9)), [])
        self.mailer.send.assert_not_called()

    def test_a_cent_due_is_reminded(self):
        self.assertEqual(send_overdue_reminders([invoice(amount="0.01")], self.mailer, DUE + timedelta(days=2)), ["INV-1"])

    def test_grace_period(self):
        for offset, reminded in ((2, False), (3, False), (4, True), (10, True)):
            with self.subTest(offset=offset):
                mailer = Mock()
                inv = invoice()
                today = DUE + timedelta(days=offset)
                result = send_overdue_reminders([inv], mailer, today, grace_days=3)
                self.assertEqual(result, ["INV-1"] if reminded else [])
                self.assertEqual(mailer.send.call_count, 1 if reminded else 0)

    def test_the_body_counts_days_since_the_due_date_not_since_the_grace(self):
        inv = invoice(number="INV-9", amount="12.50")
        today = DUE + timedelta(days=5)
        send_overdue_reminders([inv], self.mailer, today, grace_days=3)
        self.mailer.send.assert_called_once_with(
            to="ann@example.com",
            subject="Invoice INV-9 is overdue",
            body="Invoice INV-9 for 12.50 was due on 2024-03-10 and is 5 days overdue.",
        )

    def test_negative_grace_is_refused_before_any_email(self):
        with self.assertRaises(ValueError):
            send_overdue_reminders([invoice()], self.mailer, DUE + timedelta(days=5), grace_days=-1)
        self.mailer.send.assert_not_called()

    def test_zero_grace_is_the_default(self):
        self.assertEqual(send_overdue_reminders([invoice()], self.mailer, DUE + timedelta(days=1), grace_days=0), ["INV-1"])


class ReminderIntervalTest(unittest.TestCase):
    def test_not_twice_within_a_week(self):
        for days_ago, reminded in ((0, False), (1, False), (6, False), (7, True), (8, True), (30, True)):
            with self.subTest(days_ago=days_ago):
                mailer = Mock()
                today = DUE + timedelta(days=40)
                inv = invoice(last_reminded=today - timedelta(days=days_ago))
                self.assertEqual(send_overdue_reminders([inv], mailer, today), ["INV-1"] if reminded else [])
                self.assertEqual(mailer.send.call_count, 1 if reminded else 0)
                self.assertEqual(inv.last_reminded, today if reminded else today - timedelta(days=days_ago))

    def test_running_twice_the_same_day_sends_once(self):
        mailer = Mock()
        inv = invoice()
        today = DUE + timedelta(days=3)
        send_overdue_reminders([inv], mailer, today)
        self.assertEqual(send_overdue_reminders([inv], mailer, today), [])
        self.assertEqual(mailer.send.call_count, 1)


class BatchTest(unittest.TestCase):
    def setUp(self):
        self.mailer = Mock()
        self.today = DUE + timedelta(days=10)
        self.invoices = [
            invoice("INV-1", "a@example.com", "10.00"),
            invoice("INV-2", "b@example.com", "20.00", paid=True),
            invoice("INV-3", "c@example.com", "30.00", due=DUE + timedelta(days=10)),
            invoice("INV-4", "d@example.com", "40.00", due=DUE - timedelta(days=5)),
            invoice("INV-5", "e@example.com", "50.00", last_reminded=self.today - timedelta(days=2)),
            invoice("INV-6", "f@example.com", "60.00", due=date(2024, 2, 29)),
        ]

    def test_one_email_per_overdue_invoice_in_order(self):
        result = send_overdue_reminders(self.invoices, self.mailer, self.today)
        self.assertEqual(result, ["INV-1", "INV-4", "INV-6"])
        by_number = {inv.number: inv for inv in self.invoices}
        self.assertEqual(
            self.mailer.send.call_args_list,
            [expected_call(by_number[n], self.today) for n in ("INV-1", "INV-4", "INV-6")],
        )
        self.assertEqual(self.mailer.send.call_args_list[1].kwargs["body"], "Invoice INV-4 for 40.00 was due on 2024-03-05 and is 15 days overdue.")
        for number in ("INV-1", "INV-4", "INV-6"):
            self.assertEqual(by_number[number].last_reminded, self.today)
        self.assertIsNone(by_number["INV-2"].last_reminded)
        self.assertIsNone(by_number["INV-3"].last_reminded)
        self.assertEqual(by_number["INV-5"].last_reminded, self.today - timedelta(days=2))

    def test_calls_use_keywords_only(self):
        send_overdue_reminders(self.invoices[:1], self.mailer, self.today)
        sent = self.mailer.send.call_args
        self.assertEqual(sent.args, ())
        self.assertEqual(set(sent.kwargs), {"to", "subject", "body"})

    def test_a_failed_email_is_skipped_and_the_batch_goes_on(self):
        earlier = self.today - timedelta(days=20)
        invoices = [
            invoice("INV-1", "a@example.com"),
            invoice("INV-2", "b@example.com", last_reminded=earlier),
            invoice("INV-3", "c@example.com"),
        ]
        self.mailer.send.side_effect = [None, MailError("mailbox full"), None]
        self.assertEqual(send_overdue_reminders(invoices, self.mailer, self.today), ["INV-1", "INV-3"])
        self.assertEqual(self.mailer.send.call_count, 3)
        self.assertEqual(invoices[0].last_reminded, self.today)
        self.assertEqual(invoices[1].last_reminded, earlier)
        self.assertEqual(invoices[2].last_reminded, self.today)

    def test_a_failed_first_email_leaves_no_trace(self):
        inv = invoice()
        self.mailer.send.side_effect = MailError("relay down")
        self.assertEqual(send_overdue_reminders([inv], self.mailer, self.today), [])
        self.assertIsNone(inv.last_reminded)
        self.mailer.send.side_effect = None
        self.assertEqual(send_overdue_reminders([inv], self.mailer, self.today), ["INV-1"])
        self.assertEqual(self.mailer.send.call_count, 2)

    def test_other_mailer_errors_propagate(self):
        self.mailer.send.side_effect = RuntimeError("bug in the mailer")
        with self.assertRaises(RuntimeError):
            send_overdue_reminders([invoice()], self.mailer, self.today)

    def test_no_invoices(self):
        self.assertEqual(send_overdue_reminders([], self.mailer, self.today), [])
        self.mailer.send.assert_not_called()


if __name__ == "__main__":
    unittest.main()
