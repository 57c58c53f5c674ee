import unittest
from datetime import date
from decimal import Decimal

from salesreport import Report, parse_sales, top_regions


class ParseSalesTest(unittest.TestCase):
    def test_one_row(self):
        report = parse_sales("date,region,amount\n2024-03-01,North,10.50\n")
        self.assertEqual(report.totals, {"NORTH": Decimal("10.50")})


if __name__ == "__main__":
    unittest.main()
