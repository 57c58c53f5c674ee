import dataclasses
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from verdict import sample


@sample
def test_dump_and_load(solution, check):
    check(solution.dumps({"due": date(2026, 12, 3), "amount": Decimal("9.90"), "ids": {3, 1}}))
    check(solution.loads('{"due": {"__type__": "date", "value": "2026-12-03"}, "n": [1, 2]}'))
    with check.raises():
        solution.dumps(object())


def test_each_type_round_trips(solution, check):
    values = [date(2024, 2, 29), datetime(2026, 12, 3, 14, 5, 9), datetime(2026, 12, 3, 14, 5, 9, 123456),
              datetime(2026, 1, 1, tzinfo=timezone.utc), datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=-5))),
              Decimal("9.90"), Decimal("-0.001"), Decimal("1E+3"), {1, 5, 3}, frozenset({"b", "a"}), set(),
              b"\x00\xffbin", b""]
    for number, value in enumerate(values):
        label = "%d: %s" % (number, type(value).__name__)
        text = solution.dumps(value)
        check(text, label=label)
        back = solution.loads(text)
        check(back, label=label)
        check(type(back) is type(value), label=label)


def test_datetime_is_not_written_as_a_date(solution, check):
    moment = datetime(2026, 12, 3, 23, 59)
    check(solution.dumps([moment, moment.date()]))
    check(solution.loads(solution.dumps([moment, moment.date()])))


def test_decimal_keeps_its_digits(solution, check):
    amounts = [Decimal("0.10"), Decimal("19.999999999999999999"), Decimal("100")]
    text = solution.dumps(amounts)
    check(text)
    check(solution.loads(text))
    check(sum(solution.loads(text)))


def test_plain_json_is_untouched(solution, check):
    value = {"a": [1, 2.5, None, True, "x"], "b": {"nested": {"deep": []}}, "__type__": "not a tag"}
    check(solution.dumps(value))
    check.call(lambda: solution.loads(solution.dumps(value)) == value)
    check(solution.dumps((1, (2, 3))))
    check(solution.loads(solution.dumps((1, (2, 3)))))
    check.call(solution.loads, '{"__type__": "date", "value": "2026-01-01", "extra": 1}')
    check(solution.loads('{"value": "2026-01-01"}'))


def test_kwargs_pass_through(solution, check):
    value = {"z": date(2026, 1, 2), "a": {2, 1}}
    check(solution.dumps(value, sort_keys=True))
    check(solution.dumps(value, indent=2))
    check(solution.dumps([Decimal("1.5")], separators=(",", ":")))


def test_unsupported_and_unknown(solution, check):
    for value in [object(), timedelta(days=1), 1 + 2j, {"k": range(3)}, [bytearray(b"x")]]:
        with check.raises(label=type(value).__name__):
            solution.dumps(value)
    with check.raises():
        solution.loads('{"__type__": "uuid", "value": "x"}')
    with check.raises():
        solution.loads('[{"__type__": "Point", "value": {"x": 1}}]')


def test_registered_dataclasses(solution, check):
    @solution.register
    @dataclasses.dataclass
    class Line:
        sku: str
        qty: int
        price: Decimal

    @solution.register
    @dataclasses.dataclass
    class Invoice:
        number: int
        issued: date
        lines: list
        tags: set = dataclasses.field(default_factory=set)

    check(Line.__name__)
    invoice = Invoice(7, date(2026, 12, 3), [Line("a-1", 2, Decimal("9.90")), Line("b-2", 1, Decimal("0.50"))],
                      {"paid"})
    text = solution.dumps(invoice)
    check(text)
    back = solution.loads(text)
    check(back == invoice)
    check(type(back.lines[0]).__name__)
    check.call(getattr, back.lines[1], "price")
    check(solution.loads(solution.dumps({"batch": [invoice, invoice]}))["batch"][1] == invoice)


def test_register_rules(solution, check):
    @dataclasses.dataclass
    class Point:
        x: int
        y: int

    check(solution.register(Point) is Point)

    @dataclasses.dataclass
    class Other:
        x: int

    Other.__name__ = "Point"
    with check.raises():
        solution.register(Other)

    @dataclasses.dataclass
    class date_:
        pass

    date_.__name__ = "date"
    with check.raises():
        solution.register(date_)

    class Plain:
        pass

    with check.raises():
        solution.register(Plain)

    class Point3(Point):
        pass

    with check.raises():
        solution.dumps(Point3(1, 2))
    check(solution.loads(solution.dumps(Point(1, 2))))


def test_nested_mixture(solution, check):
    value = {"when": [datetime(2026, 5, 6, 7, 8, 9), date(2026, 5, 6)],
             "sets": [{date(2026, 1, 2), date(2025, 1, 2)}, frozenset({Decimal("2.0"), Decimal("10")})],
             "blob": {"raw": b"abc", "n": 3}}
    text = solution.dumps(value)
    check(text)
    check(solution.loads(text) == value)
    check(solution.loads(text)["sets"][0])
