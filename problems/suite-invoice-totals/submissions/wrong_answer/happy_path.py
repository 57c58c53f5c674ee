import unittest
from decimal import Decimal as D

from invoice import Line, invoice_totals


class HappyPathTest(unittest.TestCase):
    def test_worked_example(self):
        lines = [Line("widget", D("19.99"), 3), Line("gadget", D("5.00"), 2, D("10"))]
        totals = invoice_totals(lines, D("0.2"), coupon=D("5"))
        self.assertEqual(totals["total"], D("76.76"))

    def test_plain_invoice(self):
        totals = invoice_totals([Line("a", D("10.00"), 2)], D("0.2"))
        self.assertEqual(totals["tax"], D("4.00"))
        self.assertEqual(totals["total"], D("24.00"))
