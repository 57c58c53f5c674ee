from datetime import date
from itertools import islice

from verdict import sample


@sample
def test_month_end_and_business_days(solution, check):
    check.call(solution.add_months, date(2026, 1, 31), 1)
    check.call(lambda: list(islice(solution.renewal_dates(date(2026, 1, 31), 1), 3)))
    check.call(solution.business_days_before, date(2026, 12, 28), 3)


def test_add_months_clamps(solution, check):
    cases = [
        (date(2026, 1, 31), 1), (date(2024, 1, 31), 1), (date(2026, 3, 31), 1), (date(2026, 5, 31), 1),
        (date(2026, 1, 30), 1), (date(2026, 1, 28), 1), (date(2026, 1, 15), 0), (date(2024, 2, 29), 12),
        (date(2024, 2, 29), 48), (date(2026, 8, 31), 6), (date(2026, 10, 31), 4),
    ]
    for day, months in cases:
        check.call(solution.add_months, day, months)


def test_add_months_across_years_and_backwards(solution, check):
    cases = [
        (date(2026, 12, 15), 1), (date(2026, 11, 30), 2), (date(2026, 12, 31), 12), (date(2026, 12, 31), 13),
        (date(2026, 1, 15), -1), (date(2026, 3, 31), -1), (date(2024, 3, 31), -1), (date(2026, 1, 31), -13),
        (date(2026, 6, 15), -18), (date(2026, 12, 1), -12), (date(2026, 1, 1), 1200), (date(2026, 7, 4), -24),
    ]
    for day, months in cases:
        check.call(solution.add_months, day, months)


def test_add_months_checks_its_argument(solution, check):
    for months in [1.0, True, "1", None]:
        with check.raises(label=repr(months)):
            solution.add_months(date(2026, 1, 1), months)


def test_renewals_do_not_drift(solution, check):
    for start, every, count in [(date(2026, 1, 31), 1, 13), (date(2023, 11, 30), 3, 6), (date(2024, 2, 29), 12, 5),
                                (date(2026, 8, 31), 6, 4)]:
        check.call(lambda: list(islice(solution.renewal_dates(start, every), count)))


def test_renewal_dates_is_lazy_and_checks_its_period(solution, check):
    renewals = solution.renewal_dates(date(2026, 1, 15), 1)
    check(next(renewals))
    check(next(renewals))
    check(next(islice(solution.renewal_dates(date(2026, 1, 15), 1), 1199, None)))
    for every in [0, -1, 1.5, True]:
        with check.raises(label=repr(every)):
            next(iter(solution.renewal_dates(date(2026, 1, 15), every)))


def test_next_renewal(solution, check):
    start = date(2026, 1, 31)
    for today in [date(2025, 6, 1), date(2026, 1, 31), date(2026, 2, 1), date(2026, 2, 28), date(2026, 3, 1),
                  date(2026, 3, 31), date(2026, 4, 1), date(2027, 2, 27), date(2027, 3, 1)]:
        check(solution.next_renewal(start, 1, today), label=str(today))
    check(solution.next_renewal(date(2024, 2, 29), 12, date(2027, 3, 1)))
    check(solution.next_renewal(date(2026, 5, 31), 3, date(2026, 9, 1)))
    with check.raises():
        solution.next_renewal(start, 0, date(2026, 1, 1))


def test_business_days_skip_weekends(solution, check):
    monday = date(2026, 11, 30)
    for n in range(0, 8):
        check(solution.business_days_before(monday, n), label=str(n))
    check(solution.business_days_before(date(2026, 12, 6), 0))
    check(solution.business_days_before(date(2026, 12, 6), 1))
    check(solution.business_days_before(date(2026, 12, 5), 5))
    check(solution.business_days_before(date(2026, 12, 1), 22))


def test_business_days_skip_holidays(solution, check):
    holidays = [date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 31), date(2027, 1, 1)]
    check(solution.business_days_before(date(2027, 1, 4), 1, holidays))
    check(solution.business_days_before(date(2027, 1, 4), 3, holidays))
    check(solution.business_days_before(date(2026, 12, 28), 2, iter(holidays)))
    check(solution.business_days_before(date(2026, 12, 28), 2, {date(2026, 12, 26)}))
    check(solution.business_days_before(date(2026, 12, 26), 0, holidays))
    for n in [-1, 1.0, None]:
        with check.raises(label=repr(n)):
            solution.business_days_before(date(2026, 12, 28), n)


def test_charge_schedule(solution, check):
    holidays = {date(2026, 5, 25), date(2026, 7, 3)}
    start = date(2026, 1, 31)
    schedule = []
    for renewal in islice(solution.renewal_dates(start, 2), 5):
        schedule.append((renewal, solution.business_days_before(renewal, 2, holidays)))
    check(schedule)
    check(solution.next_renewal(start, 2, date(2026, 6, 1)))
