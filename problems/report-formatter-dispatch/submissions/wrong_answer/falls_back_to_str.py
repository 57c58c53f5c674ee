# Unknown types fall back to str() instead of raising TypeError.
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import singledispatch


@singledispatch
def fmt(value):
    return str(value)


@fmt.register
def _(value: None):
    return "-"


@fmt.register
def _(value: bool):
    return "yes" if value else "no"


@fmt.register
def _(value: int):
    return f"{value:,}"


@fmt.register
def _(value: float):
    return f"{value:,.2f}"


@fmt.register
def _(value: Decimal):
    return f"{value:,}"


@fmt.register
def _(value: str):
    return value


@fmt.register
def _(value: date):
    return value.isoformat()


@fmt.register
def _(value: datetime):
    return value.strftime("%Y-%m-%d %H:%M")


@fmt.register
def _(value: Enum):
    return value.name


@fmt.register(list)
@fmt.register(tuple)
def _(value):
    return ", ".join(fmt(item) for item in value) if value else "(none)"


@fmt.register(set)
@fmt.register(frozenset)
def _(value):
    return ", ".join(sorted(fmt(item) for item in value)) if value else "(none)"


@fmt.register
def _(value: dict):
    return "; ".join(f"{fmt(key)}: {fmt(item)}" for key, item in value.items()) if value else "(none)"
