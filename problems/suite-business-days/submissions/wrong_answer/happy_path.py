from datetime import date

import workdays


def test_a_week():
    assert workdays.business_days_between(date(2024, 3, 1), date(2024, 3, 8)) == 5


def test_add_one_day_midweek():
    assert workdays.add_business_days(date(2024, 3, 5), 1) == date(2024, 3, 6)


def test_billing_date_mid_month():
    assert workdays.billing_date(2024, 5, 15) == date(2024, 5, 15)


def test_leap_year():
    assert workdays.is_leap_year(2024)
