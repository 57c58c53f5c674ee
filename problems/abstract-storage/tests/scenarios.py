from verdict import sample, weight, group


@sample
def test_memory_storage(solution, check):
    store = solution.MemoryStorage({"b": 2, "a": 1})
    store.put("c", 3)
    check(store.get("a"))
    check(store.get("zzz", "none"))
    check(list(store))
    check(store.pop("b"))
    check(("b" in store, len(store)))
    with check.raises():
        solution.Storage()


def _pairs_storage(solution, calls):
    # A backend written by a test author: pairs in a list, every hook call recorded.
    class PairStorage(solution.Storage):
        name = "pairs"

        def __init__(self):
            self.pairs = []

        def _read(self, key):
            calls.append(("read", key))
            for k, v in self.pairs:
                if k == key:
                    return v
            raise KeyError(key)

        def _write(self, key, value):
            calls.append(("write", key))
            self.pairs = [(k, v) for k, v in self.pairs if k != key] + [(key, value)]

        def _remove(self, key):
            calls.append(("remove", key))
            before = len(self.pairs)
            self.pairs = [(k, v) for k, v in self.pairs if k != key]
            if len(self.pairs) == before:
                raise KeyError(key)

        def _keys(self):
            calls.append(("keys",))
            return [k for k, _ in self.pairs]

    return PairStorage()


def test_abstract_base_refuses_instantiation(solution, check):
    with check.raises():
        solution.Storage()
    check(issubclass(solution.MemoryStorage, solution.Storage))
    check(sorted(solution.Storage.__abstractmethods__))
    check(sorted(solution.MemoryStorage.__abstractmethods__))
    check(solution.MemoryStorage().name)


@weight(2)
def test_incomplete_subclasses_are_refused(solution, check):
    class NoRemove(solution.Storage):
        name = "x"

        def _read(self, key):
            raise KeyError(key)

        def _write(self, key, value):
            pass

        def _keys(self):
            return []

    class NoName(solution.Storage):
        def _read(self, key):
            raise KeyError(key)

        def _write(self, key, value):
            pass

        def _remove(self, key):
            raise KeyError(key)

        def _keys(self):
            return []

    with check.raises():
        NoRemove()
    with check.raises():
        NoName()

    class Complete(NoRemove):
        def _remove(self, key):
            raise KeyError(key)

    check(len(Complete()))
    check(list(Complete()))


@weight(2)
def test_public_methods_use_only_the_hooks(solution, check):
    calls = []
    store = _pairs_storage(solution, calls)
    store.put("x", 1)
    check(store.update({"y": 2, "z": 3}))
    store.put("x", 10)
    check(store.get("x"))
    check(("y" in store, "q" in store))
    check(len(store))
    check(list(store))
    check(store.pop("y"))
    check(store.pop("y", None))
    store.delete("z")
    check(store.pairs)
    check(store.name)
    check(isinstance(store, solution.Storage))
    check(sorted(set(c[0] for c in calls)))
    before = len(calls)
    check((7 in store, "" in store, None in store))
    check(calls[before:])


def test_missing_keys(solution, check):
    store = solution.MemoryStorage()
    with check.raises():
        store.get("nope")
    with check.raises():
        store.delete("nope")
    with check.raises():
        store.pop("nope")
    check(store.pop("nope", 0))
    check(store.get("nope", None))
    check(len(store))
    calls = []
    other = _pairs_storage(solution, calls)
    with check.raises():
        other.delete("nope")
    with check.raises():
        other.get("nope")


def test_falsy_values_are_values(solution, check):
    store = solution.MemoryStorage()
    for key, value in (("zero", 0), ("empty", ""), ("none", None), ("false", False), ("list", [])):
        store.put(key, value)
    check([store.get(k, "DEFAULT") for k in ("zero", "empty", "none", "false", "list")])
    check(["zero" in store, "none" in store, "false" in store])
    check(store.pop("none", "DEFAULT"))
    check(len(store))


def test_key_validation(solution, check):
    store = solution.MemoryStorage()
    with check.raises():
        store.put(1, "x")
    with check.raises():
        store.put("", "x")
    with check.raises():
        store.get(None)
    with check.raises():
        store.delete(b"k")
    with check.raises():
        solution.MemoryStorage({"ok": 1, 2: "bad"})
    check((1 in store, "" in store, None in store))
    check(len(store))


def test_instances_do_not_share_data(solution, check):
    first = solution.MemoryStorage()
    second = solution.MemoryStorage()
    first.put("k", "v")
    check((len(first), len(second), "k" in second))
    initial = {"a": 1}
    third = solution.MemoryStorage(initial)
    third.put("b", 2)
    check(initial)
    check(list(third))


def test_iteration_is_sorted_and_repeatable(solution, check):
    store = solution.MemoryStorage()
    for key in ("pear", "apple", "fig", "Banana"):
        store.put(key, len(key))
    check(list(store))
    check(list(store))
    check([(k, store.get(k)) for k in store])
    store.delete("fig")
    check(list(store))


def test_update_counts_and_overwrites(solution, check):
    store = solution.MemoryStorage({"a": 1})
    check(store.update({}))
    check(store.update({"a": 2, "b": 3}))
    check([store.get("a"), store.get("b")])
    check(len(store))


def test_overriding_a_public_method_in_a_subclass(solution, check):
    class Upper(solution.MemoryStorage):
        def put(self, key, value):
            super().put(key, value.upper())

    store = Upper({"greeting": "hello"})
    store.update({"name": "ada"})
    check([store.get(k) for k in store])
    check(store.name)
