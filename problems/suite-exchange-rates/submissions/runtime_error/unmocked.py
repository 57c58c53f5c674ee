from decimal import Decimal

import fx


# Calls the real service: the box forbids sockets, so the run ends (RE) on the correct module.
def test_real_rate():
    assert fx.get_rate("EUR", "USD") > Decimal("0")
