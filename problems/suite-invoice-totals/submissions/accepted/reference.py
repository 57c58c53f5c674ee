import dataclasses
import unittest
from decimal import Decimal as D

from invoice import Line, invoice_totals


def totals_as_text(totals):
    return {key: str(value) for key, value in totals.items()}


class LineTest(unittest.TestCase):
    def test_amount_is_price_times_quantity_rounded_half_up(self):
        self.assertEqual(Line("a", D("19.99"), 3).amount, D("59.97"))
        self.assertEqual(Line("a", D("0.125"), 1).amount, D("0.13"))
        self.assertEqual(Line("a", D("0.0049"), 1).amount, D("0.00"))
        self.assertEqual(str(Line("a", D("2"), 2).amount), "4.00")

    def test_discount_is_rounded_half_up(self):
        self.assertEqual(Line("a", D("5.00"), 2, D("10")).discount, D("1.00"))
        self.assertEqual(Line("a", D("0.50"), 1, D("1")).discount, D("0.01"))  # 0.005
        self.assertEqual(Line("a", D("0.50"), 1, D("0.9")).discount, D("0.00"))  # 0.0045
        self.assertEqual(Line("a", D("10.00"), 1).discount, D("0"))

    def test_zero_and_full_discount_are_allowed(self):
        self.assertEqual(Line("a", D("7.00"), 1, D("0")).discount, D("0.00"))
        self.assertEqual(Line("a", D("7.00"), 2, D("100")).discount, D("14.00"))

    def test_a_line_is_frozen(self):
        line = Line("a", D("1.00"), 1)
        with self.assertRaises(dataclasses.FrozenInstanceError):
            line.quantity = 5
        self.assertEqual(line.amount, D("1.00"))

    def test_a_free_item_is_allowed(self):
        self.assertEqual(Line("sample", D("0"), 1).amount, D("0.00"))
        self.assertEqual(Line("sample", D("0.00"), 5).amount, D("0.00"))

    def test_one_is_the_smallest_quantity(self):
        self.assertEqual(Line("a", D("3.00"), 1).amount, D("3.00"))
        for quantity in (0, -1):
            with self.subTest(quantity=quantity), self.assertRaises(ValueError):
                Line("a", D("3.00"), quantity)

    def test_negative_price_is_refused(self):
        with self.assertRaises(ValueError):
            Line("a", D("-0.01"), 1)

    def test_discount_outside_0_to_100_is_refused(self):
        for percent in (D("-0.01"), D("-1"), D("100.01"), D("150")):
            with self.subTest(percent=percent), self.assertRaises(ValueError):
                Line("a", D("1.00"), 1, percent)

    def test_non_decimal_money_is_refused(self):
        for price in (1.10, 1, "1.10"):
            with self.subTest(price=price), self.assertRaises(TypeError):
                Line("a", price, 1)
        for percent in (10.0, 10, "10"):
            with self.subTest(percent=percent), self.assertRaises(TypeError):
                Line("a", D("1.00"), 1, percent)


class InvoiceTotalsTest(unittest.TestCase):
    def test_the_worked_example(self):
        lines = [Line("widget", D("19.99"), 3), Line("gadget", D("5.00"), 2, D("10"))]
        self.assertEqual(
            totals_as_text(invoice_totals(lines, D("0.2"), coupon=D("5"))),
            {"subtotal": "69.97", "discount": "6.00", "tax": "12.79", "total": "76.76"},
        )

    def test_an_empty_invoice_is_all_zeros_with_two_decimals(self):
        self.assertEqual(
            totals_as_text(invoice_totals([], D("0.2"))),
            {"subtotal": "0.00", "discount": "0.00", "tax": "0.00", "total": "0.00"},
        )

    def test_every_value_has_two_decimals(self):
        totals = invoice_totals([Line("a", D("3"), 2)], D("0"), coupon=D("1"))
        self.assertEqual(totals_as_text(totals), {"subtotal": "6.00", "discount": "1.00", "tax": "0.00", "total": "5.00"})
        totals = invoice_totals([Line("a", D("3"), 2)], D("0.1"))
        self.assertEqual(totals_as_text(totals), {"subtotal": "6.00", "discount": "0.00", "tax": "0.60", "total": "6.60"})

    def test_tax_rounds_half_up(self):
        totals = invoice_totals([Line("a", D("10.25"), 1)], D("0.1"))  # 1.025
        self.assertEqual(totals["tax"], D("1.03"))
        self.assertEqual(totals["total"], D("11.28"))
        totals = invoice_totals([Line("a", D("0.25"), 1)], D("0.5"))  # 0.125
        self.assertEqual(totals["tax"], D("0.13"))
        totals = invoice_totals([Line("a", D("10.24"), 1)], D("0.1"))  # 1.024
        self.assertEqual(totals["tax"], D("1.02"))

    def test_tax_is_on_the_discounted_amount(self):
        lines = [Line("a", D("100.00"), 1, D("10"))]
        totals = invoice_totals(lines, D("0.2"), coupon=D("40"))
        self.assertEqual(totals_as_text(totals), {"subtotal": "100.00", "discount": "50.00", "tax": "10.00", "total": "60.00"})

    def test_line_discounts_are_rounded_line_by_line(self):
        lines = [Line("a", D("0.50"), 1, D("1")), Line("b", D("0.50"), 1, D("1"))]  # 0.005 each
        totals = invoice_totals(lines, D("0"))
        self.assertEqual(totals["discount"], D("0.02"))
        self.assertEqual(totals["total"], D("0.98"))

    def test_coupon_is_capped_at_what_is_left(self):
        lines = [Line("a", D("30.00"), 1, D("50"))]
        totals = invoice_totals(lines, D("0.2"), coupon=D("100"))
        self.assertEqual(totals_as_text(totals), {"subtotal": "30.00", "discount": "30.00", "tax": "0.00", "total": "0.00"})

    def test_coupon_exactly_the_rest(self):
        totals = invoice_totals([Line("a", D("30.00"), 1, D("50"))], D("0.2"), coupon=D("15"))
        self.assertEqual(totals_as_text(totals), {"subtotal": "30.00", "discount": "30.00", "tax": "0.00", "total": "0.00"})
        totals = invoice_totals([Line("a", D("30.00"), 1, D("50"))], D("0.2"), coupon=D("14.99"))
        self.assertEqual(totals_as_text(totals), {"subtotal": "30.00", "discount": "29.99", "tax": "0.00", "total": "0.01"})

    def test_coupon_on_an_empty_invoice(self):
        self.assertEqual(invoice_totals([], D("0.2"), coupon=D("5"))["total"], D("0.00"))

    def test_zero_tax_rate_is_allowed(self):
        self.assertEqual(invoice_totals([Line("a", D("1.00"), 1)], D("0"))["total"], D("1.00"))

    def test_many_lines_add_up(self):
        lines = [Line("a", D("1.10"), 3), Line("b", D("2.35"), 2, D("20")), Line("c", D("0.99"), 10, D("100"))]
        totals = invoice_totals(lines, D("0.075"))
        # 3.30 + 4.70 + 9.90 = 17.90; discounts 0.94 + 9.90 = 10.84; taxable 7.06; tax 0.5295 -> 0.53
        self.assertEqual(totals_as_text(totals), {"subtotal": "17.90", "discount": "10.84", "tax": "0.53", "total": "7.59"})

    def test_negative_tax_rate_or_coupon_is_refused(self):
        with self.assertRaises(ValueError):
            invoice_totals([], D("-0.01"))
        with self.assertRaises(ValueError):
            invoice_totals([], D("0.2"), coupon=D("-1"))

    def test_non_decimal_tax_rate_or_coupon_is_refused(self):
        with self.assertRaises(TypeError):
            invoice_totals([], 0.2)
        with self.assertRaises(TypeError):
            invoice_totals([], D("0.2"), coupon=5)


if __name__ == "__main__":
    unittest.main()
