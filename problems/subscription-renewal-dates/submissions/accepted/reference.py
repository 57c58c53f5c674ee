import calendar
from datetime import date, timedelta
from itertools import count


def _positive(name, value, minimum=1):
    if type(value) is not int or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {value!r}")


def add_months(day, months):
    if type(months) is not int:
        raise ValueError(f"months must be an int, got {months!r}")
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last))


def renewal_dates(start, every_months):
    _positive("every_months", every_months)
    for k in count(1):
        yield add_months(start, k * every_months)


def next_renewal(start, every_months, today):
    for renewal in renewal_dates(start, every_months):
        if renewal >= today:
            return renewal


def business_days_before(day, n, holidays=()):
    _positive("n", n, minimum=0)
    closed = set(holidays)
    while n:
        day -= timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            n -= 1
    return day
