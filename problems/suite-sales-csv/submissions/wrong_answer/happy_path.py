import unittest
from decimal import Decimal

from salesreport import parse_sales, top_regions


class HappyPathTest(unittest.TestCase):
    def test_totals(self):
        report = parse_sales("date,region,amount\n2024-03-01,NORTH,10.50\n2024-03-02,SOUTH,4.00\n2024-03-03,NORTH,1.50\n")
        self.assertEqual(report.totals, {"NORTH": Decimal("12.00"), "SOUTH": Decimal("4.00")})
        self.assertEqual(report.rows, 3)
        self.assertEqual(report.errors, [])

    def test_top(self):
        report = parse_sales("date,region,amount\n2024-03-01,NORTH,10.50\n2024-03-02,SOUTH,4.00\n")
        self.assertEqual(top_regions(report, n=1), [("NORTH", Decimal("10.50"))])
