import dataclasses
import enum
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from verdict import sample


@sample
def test_cells(solution, check):
    fmt = solution.fmt
    check(fmt(1234567))
    check(fmt(True))
    check(fmt([1.5, None]))
    with check.raises():
        fmt(b"raw")


def test_numbers(solution, check):
    fmt = solution.fmt
    for value in [0, 7, 999, 1000, -1234, 10**20, -(10**6)]:
        check(fmt(value), label=repr(value))
    for value in [0.0, 2.0, 1234.5, -9876543.219, 0.004, 1e-9, float("inf"), float("nan")]:
        check(fmt(value), label=repr(value))


def test_bool_is_not_formatted_as_an_int(solution, check):
    fmt = solution.fmt
    check(fmt(False))
    check(fmt(True))
    check(fmt([True, 1, False, 0]))
    check(fmt({"active": True, "count": 1}))


def test_decimal_keeps_its_digits(solution, check):
    fmt = solution.fmt
    for text in ["1234.50", "0.1", "-1000000", "12", "0.000", "1234567.891"]:
        check(fmt(Decimal(text)), label=text)
    check(fmt([Decimal("2.50"), 2.5]))


def test_dates_and_datetimes(solution, check):
    fmt = solution.fmt
    check(fmt(date(2026, 12, 3)))
    check(fmt(datetime(2026, 12, 3, 14, 5, 59)))
    check(fmt(datetime(2026, 1, 2)))
    check(fmt([date(2026, 2, 28), datetime(2026, 3, 1, 9, 30)]))
    with check.raises():
        fmt(timedelta(days=1))


def test_enums_show_their_name(solution, check):
    class Status(enum.Enum):
        ACTIVE = 1
        LAPSED = "lapsed"

    fmt = solution.fmt
    check(fmt(Status.ACTIVE))
    check(fmt(Status.LAPSED))
    check(fmt({Status.ACTIVE: 3, Status.LAPSED: None}))


def test_containers(solution, check):
    fmt = solution.fmt
    check(fmt((3, "b", None)))
    check(fmt([]))
    check(fmt(()))
    check(fmt(set()))
    check(fmt({}))
    check(fmt({10, 9, 100}))
    check(fmt(frozenset({"pear", "apple", "fig"})))
    check(fmt({"due": date(2026, 1, 31), 5: [1000, 2000], None: {}}))
    check(fmt([[1, 2], (3,), [], {"k": "v"}]))


def test_unsupported_types_raise(solution, check):
    fmt = solution.fmt
    for value in [object(), b"x", 1 + 2j, Fraction(1, 3), bytearray(b"x"), range(3), print]:
        with check.raises(label=type(value).__name__):
            fmt(value)
    with check.raises():
        fmt([1, 2, b"oops"])
    with check.raises():
        fmt({"k": object()})


def test_registered_types_format_inside_containers(solution, check):
    fmt = solution.fmt

    @dataclasses.dataclass
    class Money:
        cents: int
        currency: str

    @fmt.register(Money)
    def _(value):
        return "%s %s" % (fmt(Decimal(value.cents) / 100), value.currency)

    check(fmt(Money(123456, "EUR")))
    check(fmt([Money(5, "USD"), None]))
    check(fmt({"total": Money(100000, "GBP")}))
    check(fmt({Money(1, "EUR").currency: [Money(250, "EUR")]}))
    check(fmt(set()))


def test_subclasses_dispatch_to_the_closest_type(solution, check):
    fmt = solution.fmt

    class Count(int):
        pass

    class Label(str):
        pass

    class Stamp(datetime):
        pass

    check(fmt(Count(4321)))
    check(str(fmt(Label("ok"))))
    check(fmt(Stamp(2026, 5, 6, 7, 8)))

    @fmt.register(Count)
    def _(value):
        return "#%d" % value

    check(fmt([Count(7), 7]))
    check(fmt.dispatch(bool) is fmt.dispatch(int))
    check(fmt.dispatch(datetime) is fmt.dispatch(date))
    check(fmt.dispatch(Stamp) is fmt.dispatch(datetime))
