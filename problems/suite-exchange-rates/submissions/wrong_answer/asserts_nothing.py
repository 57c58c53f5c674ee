from decimal import Decimal
from unittest import mock

import fx


def test_calls_go_through():
    with mock.patch("urllib.request.urlopen") as urlopen:
        urlopen.return_value.__enter__.return_value.read.return_value = b'{"base": "EUR", "rates": {"USD": 1.5}}'
        fx.get_rate("EUR", "USD")
        fx.convert(Decimal("3.00"), "EUR", "USD")
