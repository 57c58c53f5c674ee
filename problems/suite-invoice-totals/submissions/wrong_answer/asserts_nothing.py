import unittest
from decimal import Decimal as D

from invoice import Line, invoice_totals


class SmokeTest(unittest.TestCase):
    def test_it_runs(self):
        lines = [Line("a", D("10.25"), 1, D("1")), Line("b", D("0.50"), 4)]
        totals = invoice_totals(lines, D("0.1"), coupon=D("100"))
        self.assertIsNotNone(totals)
