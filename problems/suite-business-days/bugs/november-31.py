"""Business-day and billing-date arithmetic for the invoicing service."""
from datetime import date, timedelta


def is_leap_year(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year, month):
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month}")
    if month == 2:
        return 29 if is_leap_year(year) else 28
    if month in (4, 6, 9):
        return 30
    return 31


def is_business_day(day, holidays=()):
    return day.weekday() < 5 and day not in holidays


def business_days_between(start, end, holidays=()):
    if end < start:
        raise ValueError("end is before start")
    holidays = set(holidays)
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        if is_business_day(day, holidays):
            count += 1
        day += timedelta(days=1)
    return count


def add_business_days(start, n, holidays=()):
    if n < 0:
        raise ValueError("n must not be negative")
    holidays = set(holidays)
    day = start
    while n > 0:
        day += timedelta(days=1)
        if is_business_day(day, holidays):
            n -= 1
    return day


def billing_date(year, month, billing_day):
    if not 1 <= billing_day <= 31:
        raise ValueError(f"billing_day must be 1..31, got {billing_day}")
    last = days_in_month(year, month)
    return date(year, month, min(billing_day, last))


def next_billing_date(after, billing_day):
    candidate = billing_date(after.year, after.month, billing_day)
    if candidate > after:
        return candidate
    year, month = (after.year + 1, 1) if after.month == 12 else (after.year, after.month + 1)
    return billing_date(year, month, billing_day)
