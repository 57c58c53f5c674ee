import unittest
from decimal import Decimal as D

from invoice import Line, invoice_totals


class ArithmeticOnlyTest(unittest.TestCase):
    def test_rounding_half_up(self):
        self.assertEqual(invoice_totals([Line("a", D("10.25"), 1)], D("0.1"))["tax"], D("1.03"))

    def test_tax_after_discount(self):
        totals = invoice_totals([Line("a", D("100.00"), 1, D("10"))], D("0.2"), coupon=D("40"))
        self.assertEqual(totals["tax"], D("10.00"))

    def test_coupon_capped(self):
        self.assertEqual(invoice_totals([Line("a", D("30.00"), 1)], D("0.2"), coupon=D("100"))["total"], D("0.00"))
