from verdict import sample


@sample
def test_a_transaction_that_finishes_keeps_its_changes(solution, check):
    store = solution.Store()
    store.set("a", 1)
    with store.transaction():
        store.set("a", 2)
        store.set("b", 3)
    check(store.snapshot())


@sample
def test_a_failing_transaction_is_undone(solution, check):
    store = solution.Store()
    store.set("a", 1)
    with check.raises():
        with store.transaction():
            store.set("a", 2)
            store.delete("a")
            raise RuntimeError("failure requested")
    check(store.get("a"))


@sample
def test_an_inner_failure_undoes_only_the_inner_block(solution, check):
    store = solution.Store()
    with store.transaction():
        store.set("x", 1)
        try:
            with store.transaction():
                store.set("y", 2)
                raise RuntimeError("failure requested")
        except RuntimeError:
            pass
        store.set("z", 3)
    check(store.snapshot())


def fail():
    raise RuntimeError("failure requested")


def test_an_empty_store(solution, check):
    store = solution.Store()
    check(store.get("missing"))
    check(store.snapshot())
    with store.transaction():
        pass
    check(store.snapshot())


def test_deleting_a_missing_key(solution, check):
    store = solution.Store()
    store.set("k", 0)
    store.delete("k")
    with check.raises():
        store.delete("k")
    store.set("a", 1)
    with check.raises():
        with store.transaction():
            store.set("b", 2)
            store.delete("zzz")
    check(store.snapshot())


def test_the_exception_escapes_unchanged(solution, check):
    store = solution.Store()
    error = ValueError("the very same")
    with check.raises() as escaped:
        with store.transaction():
            store.set("a", 1)
            raise error
    check(escaped.exception is error)
    check(store.snapshot())


def test_deleted_keys_come_back(solution, check):
    store = solution.Store()
    store.set("a", [1, 2])
    store.set("b", None)
    with check.raises():
        with store.transaction():
            store.delete("a")
            store.delete("b")
            fail()
    check(store.snapshot())
    check(store.get("a"))


def test_new_keys_go_away(solution, check):
    store = solution.Store()
    with check.raises():
        with store.transaction():
            store.set("n", 0)
            fail()
    check(store.get("n"))
    check(store.snapshot())


def test_falsy_values_survive_a_rollback(solution, check):
    store = solution.Store()
    store.set("z", 0)
    store.set("e", "")
    store.set("f", False)
    store.set("n", None)
    with check.raises():
        with store.transaction():
            store.set("z", 9)
            store.set("e", "x")
            store.set("f", True)
            store.set("n", 1)
            fail()
    check(store.snapshot())


def test_overwritten_twice_then_failed(solution, check):
    store = solution.Store()
    store.set("k", "v0")
    with check.raises():
        with store.transaction():
            store.set("k", "v1")
            store.set("k", "v2")
            store.delete("k")
            store.set("k", "v3")
            fail()
    check(store.get("k"))


def test_an_outer_failure_undoes_a_committed_inner_block(solution, check):
    store = solution.Store()
    store.set("a", 1)
    with check.raises():
        with store.transaction():
            store.set("a", 2)
            with store.transaction():
                store.set("b", 3)
                store.delete("a")
            check(store.snapshot())
            fail()
    check(store.snapshot())


def test_an_inner_failure_keeps_the_outer_changes(solution, check):
    store = solution.Store()
    store.set("a", 1)
    with check.raises():
        with store.transaction():
            store.set("a", 2)
            with check.raises():
                with store.transaction():
                    store.set("a", 3)
                    store.delete("a")
                    fail()
            check(store.get("a"))
            store.set("c", 4)
    check(store.snapshot())


def test_inner_then_outer_failure(solution, check):
    store = solution.Store()
    store.set("a", 0)
    with check.raises():
        with store.transaction():
            store.set("a", 1)
            with check.raises():
                with store.transaction():
                    store.set("a", 2)
                    fail()
            store.set("b", 5)
            fail()
    check(store.snapshot())


def test_three_levels(solution, check):
    store = solution.Store()
    with store.transaction():
        store.set("l1", 1)
        with store.transaction():
            store.set("l2", 2)
            with check.raises():
                with store.transaction():
                    store.set("l3", 3)
                    fail()
            with store.transaction():
                store.set("l3b", 4)
    check(store.snapshot())


def test_transactions_one_after_another(solution, check):
    store = solution.Store()
    with store.transaction():
        store.set("a", 1)
    with check.raises():
        with store.transaction():
            store.set("a", 2)
            fail()
    check(store.get("a"))
    with store.transaction():
        store.delete("a")
    check(store.get("a"))
    with store.transaction():
        store.set("a", 3)
    check(store.get("a"))


def test_a_snapshot_is_a_copy(solution, check):
    store = solution.Store()
    store.set("a", 1)
    first = store.snapshot()
    store.set("a", 2)
    check(first)
    first["b"] = 3
    check(store.snapshot())


def test_many_operations(solution, check):
    store = solution.Store()
    with store.transaction():
        for i in range(500):
            store.set("k%d" % i, i)
    check(len(store.snapshot()))
    with check.raises():
        with store.transaction():
            for i in range(1, 500, 2):
                store.delete("k%d" % i)
            with check.raises():
                with store.transaction():
                    store.set("k1", -1)
                    fail()
            check(len(store.snapshot()))
            fail()
    check(store.snapshot())
    check(store.get("k499"))
