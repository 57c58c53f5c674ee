from datetime import date, timedelta


def add_months(day, months):
    """The same day `months` later (or earlier), clamped to the last day of a shorter month."""
    ...


def renewal_dates(start, every_months):
    """Endless iterator of renewal dates, every `every_months` months after start, anchored on start."""
    ...


def next_renewal(start, every_months, today):
    """The first renewal date on or after today."""
    ...


def business_days_before(day, n, holidays=()):
    """The date n business days (Monday to Friday, not a holiday) before day."""
    ...
