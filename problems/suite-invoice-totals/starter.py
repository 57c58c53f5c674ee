import unittest
from decimal import Decimal

from invoice import Line, invoice_totals


class InvoiceTotalsTest(unittest.TestCase):
    def test_one_line_without_tax(self):
        totals = invoice_totals([Line("book", Decimal("12.50"), 2)], Decimal("0"))
        self.assertEqual(totals["total"], Decimal("25.00"))


if __name__ == "__main__":
    unittest.main()
