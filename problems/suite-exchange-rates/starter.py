from decimal import Decimal
from unittest import mock

import pytest

import fx


def fake_response(body):
    """A stand-in for what urlopen returns: a context manager whose read() gives `body`."""
    response = mock.MagicMock()
    response.__enter__.return_value.read.return_value = body
    return response


def test_get_rate_reads_the_quote_from_the_body():
    with mock.patch("urllib.request.urlopen", return_value=fake_response(b'{"base": "EUR", "rates": {"USD": 1.0842}}')):
        assert fx.get_rate("EUR", "USD") == Decimal("1.0842")
