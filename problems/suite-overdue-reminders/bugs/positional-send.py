"""Overdue-invoice reminders, sent through an injected mailer."""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

REMIND_EVERY = timedelta(days=7)


class MailError(Exception):
    pass


@dataclass
class Invoice:
    number: str
    customer_email: str
    amount_due: Decimal
    due_date: date
    paid: bool = False
    last_reminded: date | None = None


def days_overdue(invoice, today, grace_days=0):
    return (today - invoice.due_date).days - grace_days


def is_overdue(invoice, today, grace_days=0):
    if invoice.paid or invoice.amount_due <= 0:
        return False
    return days_overdue(invoice, today, grace_days) > 0


def reminder_due(invoice, today, grace_days=0):
    if not is_overdue(invoice, today, grace_days):
        return False
    return invoice.last_reminded is None or today - invoice.last_reminded >= REMIND_EVERY


def send_overdue_reminders(invoices, mailer, today, grace_days=0):
    if grace_days < 0:
        raise ValueError("grace_days must not be negative")
    sent = []
    for invoice in invoices:
        if not reminder_due(invoice, today, grace_days):
            continue
        overdue = (today - invoice.due_date).days
        try:
            mailer.send(
                invoice.customer_email,
                f"Invoice {invoice.number} is overdue",
                (
                    f"Invoice {invoice.number} for {invoice.amount_due} was due on "
                    f"{invoice.due_date.isoformat()} and is {overdue} days overdue."
                ),
            )
        except MailError:
            continue
        invoice.last_reminded = today
        sent.append(invoice.number)
    return sent
