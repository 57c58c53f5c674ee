from datetime import date

import pytest

import workdays


# Misreads the contract (the start day is not counted): fails on the correct module, scores 0.
@pytest.mark.parametrize(
    "start, end, expected",
    [
        (date(2024, 3, 4), date(2024, 3, 5), 2),
        (date(2024, 3, 1), date(2024, 3, 8), 6),
    ],
)
def test_business_days_between_counts_both_ends(start, end, expected):
    assert workdays.business_days_between(start, end) == expected
