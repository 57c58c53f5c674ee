import calendar
import signal
from datetime import date, timedelta

import pytest

import workdays

FRI = date(2024, 3, 1)
SAT, SUN, MON = date(2024, 3, 2), date(2024, 3, 3), date(2024, 3, 4)
XMAS = date(2023, 12, 25)  # a Monday


HUNG = []


@pytest.fixture(autouse=True)
def cpu_budget():
    """A broken module can loop for millions of days (until `date` overflows) or forever: fail
    such a test after 0.2 s of CPU (a correct call takes microseconds), and every later test at
    once, instead of waiting for the run's limit."""
    if HUNG:
        pytest.fail("not run: an earlier test ran out of CPU")

    def expired(signum, frame):
        HUNG.append(True)
        raise TimeoutError("the call took over 0.2 s of CPU")

    previous = signal.signal(signal.SIGVTALRM, expired)
    signal.setitimer(signal.ITIMER_VIRTUAL, 0.2)
    yield
    signal.setitimer(signal.ITIMER_VIRTUAL, 0)
    signal.signal(signal.SIGVTALRM, previous)


@pytest.mark.parametrize(
    "year, leap",
    [(2024, True), (2023, False), (2000, True), (1900, False), (2100, False), (2400, True), (1996, True)],
)
def test_leap_years(year, leap):
    assert workdays.is_leap_year(year) is leap


def test_days_in_month_agrees_with_the_calendar_module():
    for year in (1900, 2000, 2023, 2024, 2100):
        for month in range(1, 13):
            assert workdays.days_in_month(year, month) == calendar.monthrange(year, month)[1], (year, month)


@pytest.mark.parametrize("month", [0, 13, -1])
def test_days_in_month_rejects_a_bad_month(month):
    with pytest.raises(ValueError):
        workdays.days_in_month(2024, month)


def test_weekdays_are_business_days_and_weekends_are_not():
    week = [FRI + timedelta(days=i) for i in range(7)]  # Fri .. Thu
    assert [workdays.is_business_day(d) for d in week] == [True, False, False, True, True, True, True]


def test_a_holiday_is_not_a_business_day():
    assert workdays.is_business_day(XMAS) is True
    assert workdays.is_business_day(XMAS, holidays={XMAS}) is False
    assert workdays.is_business_day(XMAS, holidays=[date(2023, 12, 26)]) is True


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (FRI, date(2024, 3, 8), 5),
        (FRI, MON, 1),
        (FRI, FRI, 0),
        (FRI, SAT, 0),
        (FRI, SUN, 0),
        (MON, MON + timedelta(days=1), 1),
        (SAT, date(2024, 3, 9), 5),
        (date(2024, 2, 28), date(2024, 3, 1), 2),
        (date(2023, 12, 29), date(2024, 1, 2), 2),
    ],
)
def test_business_days_between(start, end, expected):
    assert workdays.business_days_between(start, end) == expected


def test_business_days_between_matches_a_day_by_day_count():
    start = date(2023, 12, 20)
    holidays = {XMAS, date(2023, 12, 26), date(2024, 1, 1), date(2023, 12, 30)}
    for length in range(0, 40):
        end = start + timedelta(days=length)
        days = [start + timedelta(days=i) for i in range(1, length + 1)]
        expected = sum(1 for d in days if d.weekday() < 5 and d not in holidays)
        assert workdays.business_days_between(start, end, holidays) == expected
        assert workdays.business_days_between(start, end, list(holidays)) == expected


def test_business_days_between_skips_holidays():
    assert workdays.business_days_between(date(2023, 12, 22), date(2023, 12, 29), {XMAS}) == 4
    weekend_holiday = {SAT}
    assert workdays.business_days_between(FRI, date(2024, 3, 8), weekend_holiday) == 5


def test_business_days_between_rejects_end_before_start():
    with pytest.raises(ValueError):
        workdays.business_days_between(MON, FRI)
    with pytest.raises(ValueError):
        workdays.business_days_between(MON, MON - timedelta(days=1))


@pytest.mark.parametrize(
    "start, n, expected",
    [
        (FRI, 0, FRI),
        (SAT, 0, SAT),
        (FRI, 1, MON),
        (SAT, 1, MON),
        (SUN, 1, MON),
        (MON, 1, date(2024, 3, 5)),
        (MON, 4, date(2024, 3, 8)),
        (MON, 5, date(2024, 3, 11)),
        (FRI, 10, date(2024, 3, 15)),
    ],
)
def test_add_business_days(start, n, expected):
    assert workdays.add_business_days(start, n) == expected


def test_add_business_days_skips_holidays():
    holidays = {XMAS, date(2023, 12, 26)}
    assert workdays.add_business_days(date(2023, 12, 22), 1, holidays) == date(2023, 12, 27)
    assert workdays.add_business_days(date(2023, 12, 22), 3, holidays) == date(2023, 12, 29)
    assert workdays.add_business_days(date(2023, 12, 22), 1, list(holidays)) == date(2023, 12, 27)


def test_add_business_days_is_the_inverse_of_counting():
    start = date(2024, 2, 26)
    for n in range(0, 25):
        end = workdays.add_business_days(start, n)
        assert workdays.business_days_between(start, end) == n
        if n:
            assert end.weekday() < 5


@pytest.mark.parametrize("n", [-1, -5])
def test_add_business_days_rejects_a_negative_count(n):
    with pytest.raises(ValueError):
        workdays.add_business_days(MON, n)


@pytest.mark.parametrize(
    "year, month, day, expected",
    [
        (2024, 1, 1, date(2024, 1, 1)),
        (2024, 1, 31, date(2024, 1, 31)),
        (2024, 4, 31, date(2024, 4, 30)),
        (2024, 4, 30, date(2024, 4, 30)),
        (2024, 11, 31, date(2024, 11, 30)),
        (2024, 6, 31, date(2024, 6, 30)),
        (2024, 9, 31, date(2024, 9, 30)),
        (2024, 2, 30, date(2024, 2, 29)),
        (2024, 2, 29, date(2024, 2, 29)),
        (2023, 2, 29, date(2023, 2, 28)),
        (2100, 2, 29, date(2100, 2, 28)),
        (1900, 2, 31, date(1900, 2, 28)),
        (2000, 2, 31, date(2000, 2, 29)),
        (2024, 12, 31, date(2024, 12, 31)),
        (2024, 3, 15, date(2024, 3, 15)),
    ],
)
def test_billing_date(year, month, day, expected):
    assert workdays.billing_date(year, month, day) == expected


@pytest.mark.parametrize("day", [0, 32, -1])
def test_billing_date_rejects_a_bad_day(day):
    with pytest.raises(ValueError):
        workdays.billing_date(2024, 5, day)


@pytest.mark.parametrize(
    "after, day, expected",
    [
        (date(2024, 1, 10), 15, date(2024, 1, 15)),
        (date(2024, 1, 14), 15, date(2024, 1, 15)),
        (date(2024, 1, 15), 15, date(2024, 2, 15)),
        (date(2024, 1, 16), 15, date(2024, 2, 15)),
        (date(2024, 1, 31), 31, date(2024, 2, 29)),
        (date(2024, 2, 29), 31, date(2024, 3, 31)),
        (date(2024, 4, 30), 31, date(2024, 5, 31)),
        (date(2024, 12, 31), 31, date(2025, 1, 31)),
        (date(2024, 12, 20), 5, date(2025, 1, 5)),
        (date(2024, 12, 4), 5, date(2024, 12, 5)),
        (date(2024, 10, 31), 31, date(2024, 11, 30)),
    ],
)
def test_next_billing_date(after, day, expected):
    assert workdays.next_billing_date(after, day) == expected
