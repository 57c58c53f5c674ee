# Numbers rows before skipping blank lines, so errors after a blank line name the wrong row.
import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

COLUMNS = ("order_id", "customer", "amount", "placed", "tags")


@dataclass(frozen=True)
class Order:
    order_id: int
    customer: str
    amount: Decimal
    placed: date
    tags: tuple = ()


def _convert(column, value):
    if column == "order_id" and re.fullmatch(r"[0-9]+", value):
        return int(value)
    if column == "customer":
        return value
    if column == "amount" and re.fullmatch(r"-?[0-9]+\.[0-9]{2}", value):
        return Decimal(value)
    if column == "placed" and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return date.fromisoformat(value)
    if column == "tags":
        return tuple(value.split(";")) if value else ()
    raise ValueError(value)


def read_orders(text):
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if header is None:
        return []
    for column in COLUMNS:
        if column not in header:
            raise ValueError(f"missing column: {column}")
    orders = []
    for number, row in enumerate(rows, start=1):
        if not row:
            continue
        if len(row) != len(header):
            raise ValueError(f"row {number}: expected {len(header)} fields, got {len(row)}")
        record = dict(zip(header, row))
        values = {}
        for column in COLUMNS:
            try:
                values[column] = _convert(column, record[column])
            except ValueError:
                raise ValueError(f"row {number}: bad {column}: {record[column]!r}") from None
        orders.append(Order(**values))
    return orders


def write_orders(orders):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for order in orders:
        writer.writerow([order.order_id, order.customer, order.amount, order.placed,
                         ";".join(order.tags)])
    return out.getvalue()
