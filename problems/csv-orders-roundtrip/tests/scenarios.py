from datetime import date
from decimal import Decimal

from verdict import sample

HEADER = "order_id,customer,amount,placed,tags\n"


@sample
def test_read_and_write_back(solution, check):
    text = 'order_id,customer,amount,placed,tags\n7,"Smith, Ada",19.99,2026-12-01,vip;eu\n'
    orders = check.call(solution.read_orders, text)
    if orders is not None:
        check(solution.write_orders(orders) == text)
    with check.raises():
        solution.read_orders("order_id,customer,amount,placed,tags\n8,Bob,12.5,2026-12-01,\n")


def test_quoting_survives_the_round_trip(solution, check):
    text = (HEADER
            + '1,"Smith, Ada",19.99,2026-12-01,vip;eu\n'
            + '2,"Bob ""the builder""",5.00,2026-12-02,\n'
            + '3,"two\nlines",0.00,2024-02-29,x\n'
            + '4, padded ,-3.50,2026-01-01,a;b;c\n')
    orders = solution.read_orders(text)
    check(orders)
    check(solution.write_orders(orders))
    check(solution.write_orders(orders) == text)
    check(solution.read_orders(solution.write_orders(orders)) == orders)


def test_written_text_is_exact(solution, check):
    Order = solution.Order
    orders = [Order(10, "Plain", Decimal("1.00"), date(2026, 3, 4), ("a",)),
              Order(11, 'Quote "Q"', Decimal("1234.50"), date(2026, 3, 5), ()),
              Order(12, "Comma, Inc", Decimal("-0.01"), date(2026, 3, 6), ("x", "y")),
              Order(13, "", Decimal("7.77"), date(2026, 3, 7))]
    text = solution.write_orders(orders)
    check(text)
    check(solution.read_orders(text) == orders)
    check(solution.write_orders([]))
    check(solution.write_orders(iter(orders[:1])))


def test_types_of_the_fields(solution, check):
    order = solution.read_orders(HEADER + "0042,Ann,100.10,2026-12-31,t\n")[0]
    check(order.order_id)
    check(order.amount)
    check(order.placed)
    check(order.tags)
    check(order.amount + Decimal("0.20"))
    check(order == solution.Order(42, "Ann", Decimal("100.10"), date(2026, 12, 31), ("t",)))
    check(len({order, solution.Order(42, "Ann", Decimal("100.10"), date(2026, 12, 31), ("t",))}))


def test_header_rules(solution, check):
    check(solution.read_orders(""))
    check(solution.read_orders(HEADER))
    check(solution.read_orders("tags,placed,note,amount,customer,order_id\nvip,2026-05-05,hi,1.25,Zoe,9\n"))
    with check.raises():
        solution.read_orders("order_id,customer,placed,tags\n1,A,2026-01-01,\n")
    with check.raises():
        solution.read_orders("id,name,amount,placed\n")
    with check.raises():
        solution.read_orders("Order_ID,customer,amount,placed,tags\n")


def test_blank_lines_and_crlf(solution, check):
    text = HEADER.replace("\n", "\r\n") + "1,A,1.00,2026-01-01,\r\n\r\n2,B,2.00,2026-01-02,x\r\n\r\n"
    orders = solution.read_orders(text)
    check(orders)
    check(solution.write_orders(orders))
    with check.raises():
        solution.read_orders(HEADER + "\n\n1,A,1.00,2026-01-01,\n\n2,B,oops,2026-01-02,\n")


def test_bad_values(solution, check):
    bad_rows = [
        "x1,A,1.00,2026-01-01,", "-1,A,1.00,2026-01-01,", "1.0,A,1.00,2026-01-01,", ",A,1.00,2026-01-01,",
        " 1,A,1.00,2026-01-01,", "1,A,1,2026-01-01,", "1,A,1.001,2026-01-01,", "1,A,1e2,2026-01-01,",
        "1,A,+1.00,2026-01-01,", "1,A, 1.00,2026-01-01,", "1,A,1.00,2026-02-30,", "1,A,1.00,20260101,",
        "1,A,1.00,01/02/2026,", "1,A,1.00,,", "1,A,1.00,2026-01-01", "1,A,1.00,2026-01-01,x,extra",
        "x,A,bad,2026-13-01,",
    ]
    for row in bad_rows:
        with check.raises(label=row):
            solution.read_orders(HEADER + "0,ok,0.00,2026-01-01,\n" + row + "\n")


def test_tags(solution, check):
    text = HEADER + "1,A,1.00,2026-01-01,solo\n2,B,1.00,2026-01-01,a;;b\n3,C,1.00,2026-01-01,\"x;y\"\n"
    check([order.tags for order in solution.read_orders(text)])
    Order = solution.Order
    check(solution.write_orders([Order(1, "A", Decimal("1.00"), date(2026, 1, 1), ("p", "q"))]))


def test_large_file(solution, check):
    Order = solution.Order
    orders = [Order(i, "Customer %d, Ltd" % i, Decimal(i).scaleb(-2), date(2026, 1 + i % 12, 1 + i % 28),
                    tuple("t%d" % j for j in range(i % 3)))
              for i in range(3000)]
    text = solution.write_orders(orders)
    check(len(text.splitlines()))
    check(text.splitlines()[-1])
    back = solution.read_orders(text)
    check(back == orders)
    check(solution.write_orders(back) == text)
