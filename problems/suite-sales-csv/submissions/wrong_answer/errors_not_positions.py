import unittest
from decimal import Decimal

from salesreport import parse_sales


class ErrorsTest(unittest.TestCase):
    def test_bad_rows_are_reported(self):
        report = parse_sales("date,region,amount\n2024-03-01,North,abc\n2024-03-01,North\n2024-03-01,North,1\n")
        self.assertEqual([message for _, message in report.errors], ["bad amount", "expected 3 fields, got 2"])
        self.assertEqual(report.totals, {"NORTH": Decimal("1")})

    def test_missing_header(self):
        with self.assertRaises(ValueError):
            parse_sales("2024-03-01,North,1\n")
