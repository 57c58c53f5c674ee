import dataclasses

from verdict import sample


@sample
def test_receive_and_ship(solution, check):
    w = solution.Warehouse("north")
    check(w.receive("A1", "bolt", 10, tags=["metal"]))
    check(w.ship("A1", 4))
    with check.raises():
        w.ship("A1", 7)
    check(w.log)
    check(solution.Warehouse("south").items)


def test_two_warehouses_share_nothing(solution, check):
    north = solution.Warehouse("north")
    south = solution.Warehouse("south")
    north.receive("A1", "bolt", 3)
    check(south.items)
    check(south.log)
    south.receive("B2", "nut", 1)
    check(sorted(north.items))
    check(north.log)
    check(south.log)
    check(solution.Warehouse("east").log)


def test_items_get_their_own_tag_sets(solution, check):
    a = solution.StockItem("A1", "bolt")
    b = solution.StockItem("B2", "nut")
    a.tags.add("metal")
    check(b.tags)
    w = solution.Warehouse("north")
    w.receive("A1", "bolt", 1)
    w.receive("B2", "nut", 1)
    w.receive("A1", "bolt", 1, tags=("metal", "small"))
    check(w.items["B2"].tags)
    check(w.items["A1"].tags)
    w.receive("C3", "washer", 2, tags={"small"})
    check(w.tagged("small"))
    check(w.tagged("metal"))
    check(w.tagged("wood"))
    check(solution.StockItem("Z9", "zip").tags)


def test_field_names_and_defaults(solution, check):
    item = solution.StockItem("A1", "bolt")
    check(dataclasses.asdict(item))
    check([f.name for f in dataclasses.fields(solution.Warehouse)])
    w = solution.Warehouse("north")
    w.receive("A1", "bolt", 2, tags=["x"])
    check(dataclasses.asdict(w))
    check(w == solution.Warehouse("north", {"A1": solution.StockItem("A1", "bolt", 2, {"x"})},
                                  ["received 2 x A1"]))


def test_receive_accumulates_and_checks_names(solution, check):
    w = solution.Warehouse("north")
    first = w.receive("A1", "bolt", 5)
    second = w.receive("A1", "bolt", 7)
    check(first is second)
    check(second.quantity)
    with check.raises():
        w.receive("A1", "screw", 1)
    check(w.items["A1"].quantity)
    check(w.items["A1"].name)
    check(w.log)


def test_quantity_validation(solution, check):
    w = solution.Warehouse("north")
    w.receive("A1", "bolt", 5)
    for bad in [0, -3, 2.0, True, "4", None]:
        with check.raises(label="receive %r" % (bad,)):
            w.receive("A1", "bolt", bad)
        with check.raises(label="ship %r" % (bad,)):
            w.ship("A1", bad)
    with check.raises():
        w.receive("N1", "new", 0)
    check("N1" in w.items)
    check(w.items["A1"].quantity)
    check(w.log)


def test_ship_exact_and_unknown(solution, check):
    w = solution.Warehouse("north")
    w.receive("A1", "bolt", 5)
    check(w.ship("A1", 5))
    check(w.items["A1"].quantity)
    with check.raises():
        w.ship("A1", 1)
    with check.raises():
        w.ship("Q7", 2)
    check(isinstance(solution.OutOfStock("x"), Exception))
    check(w.log)
    check(sorted(w.items))


def test_low_stock_order(solution, check):
    w = solution.Warehouse("north")
    for sku, qty in [("D4", 3), ("A1", 9), ("C3", 1), ("B2", 3), ("E5", 10)]:
        w.receive(sku, sku.lower(), qty)
    w.ship("E5", 10)
    check(w.low_stock(4))
    check(w.low_stock(3))
    check(w.low_stock(10))
    check(w.low_stock(0))
    check(w.low_stock(100))


def test_clone_is_independent(solution, check):
    w = solution.Warehouse("north")
    w.receive("A1", "bolt", 10, tags=["metal"])
    twin = w.clone("north-copy")
    check(twin.name)
    check(w.name)
    check(twin.items == w.items)
    check(twin.log == w.log)
    twin.receive("B2", "nut", 4)
    twin.ship("A1", 6)
    twin.receive("A1", "bolt", 1, tags=["sale"])
    check(sorted(w.items))
    check(w.items["A1"].quantity)
    check(w.items["A1"].tags)
    check(w.log)
    check(twin.items["A1"].quantity)
    check(twin.items["A1"].tags)
    check(twin.log)
    w.receive("C3", "washer", 2)
    check(sorted(twin.items))


def test_default_tags_argument_is_not_shared(solution, check):
    w = solution.Warehouse("north")
    w.receive("A1", "bolt", 1)
    w.receive("B2", "nut", 1)
    w.items["A1"].tags.add("clearance")
    check(w.items["B2"].tags)
    w.receive("C3", "washer", 1)
    check(w.items["C3"].tags)
    check(w.tagged("clearance"))
