from decimal import Decimal
from unittest import mock

import fx


def test_convert():
    with mock.patch("urllib.request.urlopen") as urlopen:
        urlopen.return_value.__enter__.return_value.read.return_value = b'{"base": "EUR", "rates": {"USD": 1.5}}'
        assert fx.convert(Decimal("10.00"), "EUR", "USD") == Decimal("15.00")


def test_same_currency():
    assert fx.get_rate("EUR", "EUR") == Decimal("1")
