import unittest
from datetime import date

from salesreport import parse_sales, top_regions


class SmokeTest(unittest.TestCase):
    def test_parses_a_messy_file(self):
        text = "Date,Region,Amount\n2024-03-01,north,10\n\n   \n2024-02-30,North,1\n2024-03-01,North,-5\nbad\n"
        report = parse_sales(text, since=date(2024, 3, 1))
        top_regions(report)
