"""Parse the regional sales export (CSV) into totals per region, keeping the lines it skipped."""
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

HEADER = ["date", "region", "amount"]
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
AMOUNT_RE = re.compile(r"\d+(\.\d{1,2})?")


@dataclass
class Report:
    totals: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    rows: int = 0


def _parse_date(raw):
    if not DATE_RE.fullmatch(raw):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def parse_sales(text, since=None):
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or [name.strip().lower() for name in header] != HEADER:
        raise ValueError("missing header: expected date,region,amount")
    report = Report()
    for row in reader:
        line = reader.line_num
        if all(not cell.strip() for cell in row):
            continue
        if len(row) != 3:
            report.errors.append((line, f"expected 3 fields, got {len(row)}"))
            continue
        raw_date, region, raw_amount = (cell.strip() for cell in row)
        day = _parse_date(raw_date)
        if day is None:
            report.errors.append((line, "bad date"))
            continue
        if not region:
            report.errors.append((line, "missing region"))
            continue
        if not AMOUNT_RE.fullmatch(raw_amount):
            report.errors.append((line, "bad amount"))
            continue
        if since is not None and day <= since:
            continue
        key = region.upper()
        report.totals[key] = report.totals.get(key, Decimal("0")) + Decimal(raw_amount)
        report.rows += 1
    return report


def top_regions(report, n=3):
    if n < 1:
        raise ValueError("n must be at least 1")
    ranked = sorted(report.totals.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:n]
