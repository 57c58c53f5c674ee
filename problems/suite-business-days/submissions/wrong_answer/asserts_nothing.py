from datetime import date

import workdays


def test_everything_runs():
    workdays.business_days_between(date(2024, 3, 1), date(2024, 3, 8))
    workdays.add_business_days(date(2024, 3, 1), 3, holidays={date(2024, 3, 4)})
    workdays.billing_date(2024, 2, 31)
    workdays.next_billing_date(date(2024, 12, 31), 31)
