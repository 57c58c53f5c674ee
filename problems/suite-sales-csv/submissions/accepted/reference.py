import unittest
from datetime import date
from decimal import Decimal as D

from salesreport import Report, parse_sales, top_regions

HEADER = "date,region,amount\n"


def csv_text(*lines):
    return HEADER + "".join(line + "\n" for line in lines)


class HeaderTest(unittest.TestCase):
    def test_header_case_and_spaces_do_not_matter(self):
        for header in ("date,region,amount", "Date,Region,Amount", " DATE , region ,Amount ", "date,region,amount\r"):
            with self.subTest(header=header):
                report = parse_sales(header + "\n2024-03-01,North,1.00\n")
                self.assertEqual(report.totals, {"NORTH": D("1.00")})
                self.assertEqual(report.errors, [])

    def test_a_wrong_or_missing_header_raises(self):
        for text in ("", "\n", "2024-03-01,North,1.00\n", "region,date,amount\n", "date,region\n", "date,region,amount,note\n", "day,region,amount\n"):
            with self.subTest(text=text), self.assertRaises(ValueError):
                parse_sales(text)

    def test_header_only_is_an_empty_report(self):
        report = parse_sales(HEADER)
        self.assertEqual((report.totals, report.errors, report.rows), ({}, [], 0))
        self.assertEqual(parse_sales("date,region,amount").rows, 0)


class TotalsTest(unittest.TestCase):
    def test_totals_per_region_upper_cased(self):
        report = parse_sales(csv_text("2024-03-01,North,10.50", "2024-03-01,south,4", "2024-03-02,north,2.25", "2024-03-02, NORTH ,1", "2024-03-03,South,0.5"))
        self.assertEqual(report.totals, {"NORTH": D("13.75"), "SOUTH": D("4.5")})
        self.assertEqual(report.rows, 5)
        self.assertEqual(report.errors, [])
        for total in report.totals.values():
            self.assertIsInstance(total, D)

    def test_amounts_are_exact_decimals(self):
        report = parse_sales(csv_text(*["2024-03-01,East,0.10"] * 3))
        self.assertEqual(report.totals, {"EAST": D("0.30")})

    def test_quoted_region_with_a_comma(self):
        report = parse_sales(csv_text('2024-03-01,"North, East",5.00', '"2024-03-02","north, east","1"'))
        self.assertEqual(report.totals, {"NORTH, EAST": D("6.00")})

    def test_fields_are_stripped(self):
        report = parse_sales(csv_text("  2024-03-01 ,  West  ,  7.25  "))
        self.assertEqual(report.totals, {"WEST": D("7.25")})

    def test_zero_amount_is_valid(self):
        report = parse_sales(csv_text("2024-03-01,West,0", "2024-03-01,West,0.00"))
        self.assertEqual((report.totals, report.rows, report.errors), ({"WEST": D("0")}, 2, []))

    def test_windows_line_endings(self):
        report = parse_sales("date,region,amount\r\n2024-03-01,North,1.00\r\n2024-03-01,North,x\r\n")
        self.assertEqual(report.totals, {"NORTH": D("1.00")})
        self.assertEqual(report.errors, [(3, "bad amount")])


class BlankLinesTest(unittest.TestCase):
    def test_blank_lines_are_skipped_and_still_numbered(self):
        report = parse_sales(csv_text("", "   ", ",,", " , , ", "\t", "2024-03-01,North,1.00", "", "2024-03-01,North,bad"))
        self.assertEqual(report.errors, [(9, "bad amount")])
        self.assertEqual(report.totals, {"NORTH": D("1.00")})
        self.assertEqual(report.rows, 1)


class ErrorsTest(unittest.TestCase):
    def test_the_worked_example(self):
        text = csv_text("2024-03-01,North,10.50", "2024-03-01,south,4", "", "2024-03-02,north,2.25", "2024-02-30,North,1.00", "2024-03-03,West")
        report = parse_sales(text)
        self.assertEqual(report.totals, {"NORTH": D("12.75"), "SOUTH": D("4")})
        self.assertEqual(report.errors, [(6, "bad date"), (7, "expected 3 fields, got 2")])
        self.assertEqual(report.rows, 3)

    def test_first_data_line_is_line_2(self):
        self.assertEqual(parse_sales(csv_text("oops")).errors, [(2, "expected 3 fields, got 1")])

    def test_field_count(self):
        report = parse_sales(csv_text("2024-03-01", "2024-03-01,North", "2024-03-01,North,1,extra", "2024-03-01,North,1,,", "2024-03-01,North,1.00"))
        self.assertEqual(
            report.errors,
            [(2, "expected 3 fields, got 1"), (3, "expected 3 fields, got 2"), (4, "expected 3 fields, got 4"), (5, "expected 3 fields, got 5")],
        )
        self.assertEqual(report.rows, 1)

    def test_bad_dates(self):
        for raw in ("2023-02-29", "2024-13-01", "2024-04-31", "2024/03/01", "20240301", "1.3.2024", "2024-3-1", "", "soon", "2024-03-01T10:00"):
            with self.subTest(raw=raw):
                report = parse_sales(csv_text(f"{raw},North,1.00"))
                self.assertEqual(report.errors, [(2, "bad date")])
                self.assertEqual((report.totals, report.rows), ({}, 0))

    def test_good_dates(self):
        for raw in ("2024-02-29", "2000-02-29", "1999-12-31"):
            with self.subTest(raw=raw):
                self.assertEqual(parse_sales(csv_text(f"{raw},North,1.00")).rows, 1)

    def test_missing_region(self):
        report = parse_sales(csv_text("2024-03-01,,1.00", "2024-03-01,   ,1.00"))
        self.assertEqual(report.errors, [(2, "missing region"), (3, "missing region")])

    def test_bad_amounts(self):
        for raw in ("-3.00", "-0", "12.345", "1e3", '"12,50"', "abc", "", "NaN", "Infinity", ".5", "5.", "+5", "1 000"):
            with self.subTest(raw=raw):
                report = parse_sales(csv_text(f"2024-03-01,North,{raw}"))
                self.assertEqual(report.errors, [(2, "bad amount")])
                self.assertEqual((report.totals, report.rows), ({}, 0))

    def test_good_amounts(self):
        for raw, value in (("12", D("12")), ("12.5", D("12.5")), ("12.50", D("12.50")), ("007", D("7"))):
            with self.subTest(raw=raw):
                self.assertEqual(parse_sales(csv_text(f"2024-03-01,North,{raw}")).totals, {"NORTH": value})

    def test_checks_come_in_order(self):
        report = parse_sales(csv_text("bad,,bad", "2024-03-01,,bad", "2024-03-01,North,bad"))
        self.assertEqual(report.errors, [(2, "bad date"), (3, "missing region"), (4, "bad amount")])

    def test_errors_do_not_stop_the_parse(self):
        report = parse_sales(csv_text("2024-02-30,North,1", "2024-03-01,North,2", "x", "2024-03-02,South,3"))
        self.assertEqual(report.totals, {"NORTH": D("2"), "SOUTH": D("3")})
        self.assertEqual(report.errors, [(2, "bad date"), (4, "expected 3 fields, got 1")])
        self.assertEqual(report.rows, 2)


class SinceTest(unittest.TestCase):
    TEXT = csv_text("2024-02-29,North,1", "2024-03-01,North,2", "2024-03-02,North,4", "2024-02-01,South,8", "2024-01-15,East,x")

    def test_since_keeps_that_day_and_later(self):
        report = parse_sales(self.TEXT, since=date(2024, 3, 1))
        self.assertEqual(report.totals, {"NORTH": D("6")})
        self.assertEqual(report.rows, 2)
        self.assertEqual(report.errors, [(6, "bad amount")])

    def test_without_since_everything_counts(self):
        report = parse_sales(self.TEXT)
        self.assertEqual(report.totals, {"NORTH": D("7"), "SOUTH": D("8")})
        self.assertEqual(report.rows, 4)

    def test_since_after_everything(self):
        report = parse_sales(self.TEXT, since=date(2024, 3, 3))
        self.assertEqual((report.totals, report.rows), ({}, 0))
        self.assertEqual(parse_sales(self.TEXT, since=date(2024, 3, 2)).totals, {"NORTH": D("4")})


class TopRegionsTest(unittest.TestCase):
    def report(self, **totals):
        return Report(totals={k: D(v) for k, v in totals.items()}, errors=[], rows=len(totals))

    def test_highest_first_limited_to_n(self):
        report = self.report(NORTH="5", SOUTH="9", EAST="1", WEST="7")
        self.assertEqual(top_regions(report), [("SOUTH", D("9")), ("WEST", D("7")), ("NORTH", D("5"))])
        self.assertEqual(top_regions(report, n=1), [("SOUTH", D("9"))])
        self.assertEqual(top_regions(report, n=10), [("SOUTH", D("9")), ("WEST", D("7")), ("NORTH", D("5")), ("EAST", D("1"))])

    def test_ties_are_alphabetical(self):
        report = self.report(WEST="5", EAST="5", NORTH="5", SOUTH="9")
        self.assertEqual(top_regions(report, n=4), [("SOUTH", D("9")), ("EAST", D("5")), ("NORTH", D("5")), ("WEST", D("5"))])
        self.assertEqual(top_regions(report, n=2), [("SOUTH", D("9")), ("EAST", D("5"))])

    def test_totals_compare_as_numbers(self):
        report = self.report(A="10.00", B="9.99", C="100")
        self.assertEqual([r for r, _ in top_regions(report)], ["C", "A", "B"])

    def test_empty_report(self):
        self.assertEqual(top_regions(Report()), [])

    def test_n_below_one_raises(self):
        for n in (0, -1):
            with self.subTest(n=n), self.assertRaises(ValueError):
                top_regions(self.report(A="1"), n=n)

    def test_from_a_parsed_file(self):
        report = parse_sales(csv_text("2024-03-01,b,2", "2024-03-01,a,2", "2024-03-01,B,1"))
        self.assertEqual(top_regions(report), [("B", D("3")), ("A", D("2"))])


if __name__ == "__main__":
    unittest.main()
