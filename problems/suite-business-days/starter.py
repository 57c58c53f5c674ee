from datetime import date

import pytest

import workdays


def test_a_friday_to_the_next_friday_is_five_business_days():
    assert workdays.business_days_between(date(2024, 3, 1), date(2024, 3, 8)) == 5
