import csv
import io
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


def read_orders(text):
    """The orders of a CSV text with a header row, as Order records."""
    ...


def write_orders(orders):
    """The CSV text of the orders, header first; read_orders(write_orders(xs)) == xs."""
    ...
