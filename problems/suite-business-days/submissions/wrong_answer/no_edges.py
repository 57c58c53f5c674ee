from datetime import date

import pytest

import workdays


@pytest.mark.parametrize("year, leap", [(2024, True), (2023, False), (2000, True)])
def test_leap_years(year, leap):
    assert workdays.is_leap_year(year) is leap


def test_weekend_is_skipped():
    assert workdays.business_days_between(date(2024, 3, 1), date(2024, 3, 4)) == 1
    assert workdays.add_business_days(date(2024, 3, 1), 1) == date(2024, 3, 4)


def test_short_months():
    assert workdays.billing_date(2024, 4, 31) == date(2024, 4, 30)
    assert workdays.billing_date(2023, 2, 31) == date(2023, 2, 28)


def test_next_billing_date_rolls_into_january():
    assert workdays.next_billing_date(date(2024, 12, 20), 5) == date(2025, 1, 5)
