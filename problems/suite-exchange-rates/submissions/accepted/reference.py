import json
import urllib.error
from decimal import Decimal
from unittest import mock

import pytest

import fx

URL = "https://rates.example.com/v1/latest?base={}&symbols={}"


def response(payload):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
    fake = mock.MagicMock()
    fake.__enter__.return_value.read.return_value = body
    return fake


def http_error(code):
    return urllib.error.HTTPError("https://rates.example.com", code, "error", None, None)


def failing(error, times=10):
    """A side effect that fails `times` calls, then runs out (StopIteration): a client that
    retries forever fails fast instead of hanging."""
    return [error] * times


@pytest.fixture
def urlopen():
    with mock.patch("urllib.request.urlopen") as patched:
        yield patched


def rates(base, **quotes):
    return response({"base": base, "rates": quotes})


def test_get_rate_calls_the_service_once_with_url_and_timeout(urlopen):
    urlopen.return_value = rates("EUR", USD=1.0842)
    assert fx.get_rate("EUR", "USD") == Decimal("1.0842")
    urlopen.assert_called_once_with(URL.format("EUR", "USD"), timeout=5.0)


def test_get_rate_asks_for_base_then_quote(urlopen):
    urlopen.return_value = rates("USD", EUR=0.9223)
    assert fx.get_rate("USD", "EUR") == Decimal("0.9223")
    assert urlopen.call_args == mock.call(URL.format("USD", "EUR"), timeout=5.0)


def test_rate_is_the_exact_decimal_of_the_json_text(urlopen):
    urlopen.return_value = rates("EUR", JPY=161.1, GBP=0.1)
    assert fx.get_rate("EUR", "GBP") == Decimal("0.1")
    assert isinstance(fx.get_rate("EUR", "JPY"), Decimal)
    assert str(fx.get_rate("EUR", "JPY")) == "161.1"


def test_rate_picks_the_quote_among_several(urlopen):
    urlopen.return_value = rates("EUR", GBP=0.85, USD=1.1, CHF=0.95)
    assert fx.get_rate("EUR", "USD") == Decimal("1.1")


def test_integer_rate(urlopen):
    urlopen.return_value = rates("EUR", EUR=1, HUF=395)
    assert fx.get_rate("EUR", "HUF") == Decimal("395")


def test_same_currency_is_one_without_a_call(urlopen):
    assert fx.get_rate("EUR", "EUR") == Decimal("1")
    assert fx.convert(Decimal("12.34"), "GBP", "GBP") == Decimal("12.34")
    urlopen.assert_not_called()


def test_nothing_is_cached(urlopen):
    urlopen.return_value = rates("EUR", USD=1.1)
    fx.get_rate("EUR", "USD")
    fx.get_rate("EUR", "USD")
    assert urlopen.call_count == 2


@pytest.mark.parametrize("code", ["eur", "EURO", "EU", "E1R", "", None, 978, "ÉUR"])
def test_bad_currency_codes_are_refused_before_any_call(urlopen, code):
    with pytest.raises(ValueError):
        fx.get_rate(code, "USD")
    with pytest.raises(ValueError):
        fx.get_rate("USD", code)
    urlopen.assert_not_called()


def test_negative_retries_are_refused(urlopen):
    with pytest.raises(ValueError):
        fx.get_rate("EUR", "USD", retries=-1)
    urlopen.assert_not_called()


@pytest.mark.parametrize("code", [500, 502, 503])
def test_server_errors_are_retried_until_an_answer(urlopen, code):
    urlopen.side_effect = [http_error(code), http_error(code), rates("EUR", USD=1.2)]
    assert fx.get_rate("EUR", "USD") == Decimal("1.2")
    assert urlopen.call_count == 3
    assert urlopen.call_args_list == [mock.call(URL.format("EUR", "USD"), timeout=5.0)] * 3


def test_server_errors_give_up_after_the_retries(urlopen):
    urlopen.side_effect = failing(http_error(503))
    with pytest.raises(fx.RateUnavailable):
        fx.get_rate("EUR", "USD")
    assert urlopen.call_count == 3


@pytest.mark.parametrize("retries, calls", [(0, 1), (1, 2), (4, 5)])
def test_retries_bound_the_calls(urlopen, retries, calls):
    urlopen.side_effect = failing(http_error(500))
    with pytest.raises(fx.RateUnavailable):
        fx.get_rate("EUR", "USD", retries=retries)
    assert urlopen.call_count == calls


@pytest.mark.parametrize("code", [400, 404, 429, 499])
def test_client_errors_fail_at_once(urlopen, code):
    urlopen.side_effect = failing(http_error(code))
    with pytest.raises(fx.RateUnavailable):
        fx.get_rate("EUR", "USD")
    assert urlopen.call_count == 1


def test_network_errors_are_retried(urlopen):
    urlopen.side_effect = [urllib.error.URLError("timed out"), urllib.error.URLError("timed out"), rates("EUR", USD=1.3)]
    assert fx.get_rate("EUR", "USD") == Decimal("1.3")
    assert urlopen.call_count == 3


@pytest.mark.parametrize("retries, calls", [(0, 1), (1, 2), (2, 3), (3, 4)])
def test_network_errors_give_up_as_rate_unavailable(urlopen, retries, calls):
    urlopen.side_effect = failing(urllib.error.URLError("connection refused"))
    with pytest.raises(fx.RateUnavailable):
        fx.get_rate("EUR", "USD", retries=retries)
    assert urlopen.call_count == calls


def test_default_retries_on_network_errors(urlopen):
    urlopen.side_effect = failing(urllib.error.URLError("connection refused"))
    with pytest.raises(fx.RateUnavailable):
        fx.get_rate("EUR", "USD")
    assert urlopen.call_count == 3


def test_mixed_failures_then_success(urlopen):
    urlopen.side_effect = [urllib.error.URLError("reset"), http_error(502), rates("EUR", USD=1.05)]
    assert fx.convert(Decimal("100"), "EUR", "USD") == Decimal("105.00")


@pytest.mark.parametrize("payload", [{"base": "EUR", "rates": {"GBP": 0.85}}, {"base": "EUR"}, {"rates": None}, []])
def test_a_body_without_the_rate_is_rate_unavailable(urlopen, payload):
    urlopen.return_value = response(payload)
    with pytest.raises(fx.RateUnavailable):
        fx.get_rate("EUR", "USD")


@pytest.mark.parametrize(
    "amount, rate, expected",
    [
        ("10.00", 1.0842, "10.84"),
        ("1.00", 1.005, "1.01"),
        ("2.50", 0.5, "1.25"),
        ("0.01", 0.5, "0.01"),
        ("0.01", 0.49, "0.00"),
        ("100", 1.23456, "123.46"),
    ],
)
def test_convert_rounds_half_up_to_cents(urlopen, amount, rate, expected):
    urlopen.return_value = rates("EUR", USD=rate)
    result = fx.convert(Decimal(amount), "EUR", "USD")
    assert result == Decimal(expected)
    assert str(result) == expected


def test_convert_passes_retries_on(urlopen):
    urlopen.side_effect = failing(urllib.error.URLError("down"))
    with pytest.raises(fx.RateUnavailable):
        fx.convert(Decimal("1.00"), "EUR", "USD", retries=0)
    assert urlopen.call_count == 1


@pytest.mark.parametrize("amount", [10, 10.0, "10.00"])
def test_convert_refuses_a_non_decimal_amount(urlopen, amount):
    with pytest.raises(TypeError):
        fx.convert(amount, "EUR", "USD")
    urlopen.assert_not_called()


def test_convert_propagates_bad_codes(urlopen):
    with pytest.raises(ValueError):
        fx.convert(Decimal("1.00"), "eur", "USD")
