"""A client for the rates service: latest exchange rates, with retries, as Decimal."""
import json
import urllib.error
import urllib.request
from decimal import ROUND_HALF_UP, Decimal

BASE_URL = "https://rates.example.com/v1/latest"
TIMEOUT = 5.0


class RateUnavailable(Exception):
    pass


def _check_code(code):
    if not (isinstance(code, str) and len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()):
        raise ValueError(f"not a currency code: {code!r}")


def _fetch(url, retries):
    attempt = 0
    while True:
        attempt += 1
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            if error.code < 500 or attempt > retries:
                raise RateUnavailable(f"rates service answered HTTP {error.code}") from error
        except urllib.error.URLError as error:
            if attempt > retries:
                raise RateUnavailable("rates service unreachable") from error


def get_rate(base, quote, retries=2):
    _check_code(base)
    _check_code(quote)
    if retries < 0:
        raise ValueError("retries must not be negative")
    if base == quote:
        return Decimal("1")
    payload = _fetch(f"{BASE_URL}?base={base}&symbols={quote}", retries)
    try:
        rate = payload["rates"][quote]
    except (KeyError, TypeError):
        raise RateUnavailable(f"no rate for {base}/{quote}") from None
    return Decimal(str(rate))


def convert(amount, base, quote, retries=2):
    if not isinstance(amount, Decimal):
        raise TypeError("amount must be a Decimal")
    rate = get_rate(base, quote, retries)
    return (amount * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
