import urllib.error
from decimal import Decimal
from unittest import mock

import pytest

import fx


def body(rate):
    fake = mock.MagicMock()
    fake.__enter__.return_value.read.return_value = ('{"rates": {"USD": %s}}' % rate).encode()
    return fake


def test_rate_value():
    with mock.patch("urllib.request.urlopen", return_value=body("1.0842")):
        assert fx.get_rate("EUR", "USD") == Decimal("1.0842")


def test_errors_become_rate_unavailable():
    with mock.patch("urllib.request.urlopen", side_effect=urllib.error.URLError("down")):
        with pytest.raises(fx.RateUnavailable):
            fx.get_rate("EUR", "USD")


def test_bad_code():
    with pytest.raises(ValueError):
        fx.get_rate("eur", "USD")
