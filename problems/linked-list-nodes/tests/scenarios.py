from verdict import sample, weight, group


def walk(lst):
    # Follows the links by hand, as an interviewer's test would, and stops on a cycle.
    values = []
    node = lst.head()
    while node is not None and len(values) <= 100:
        values.append(node.value())
        node = node.next()
    return values


@sample
def test_build_and_walk(solution, check):
    lst = solution.LinkedList([2, 3])
    first = lst.push_front(1)
    last = lst.append(4)
    check(lst.head().value())
    check(lst.head().next().value())
    check(lst.tail().value())
    check(list(lst))
    lst.reverse()
    check((list(lst), len(lst)))
    check(repr(lst))


def test_empty_list(solution, check):
    lst = solution.LinkedList()
    check((lst.head(), lst.tail(), len(lst), list(lst), walk(lst)))
    check(repr(lst))
    with check.raises():
        lst.pop_front()
    with check.raises():
        lst.remove(1)
    lst.reverse()
    check((lst.head(), lst.tail()))


def test_the_last_node_ends_the_chain(solution, check):
    lst = solution.LinkedList("ab")
    check(lst.head().next().next())
    check(lst.tail().next())
    check(lst.head().next() is lst.tail())
    single = solution.LinkedList([7])
    check(single.head() is single.tail())
    check(single.tail().value())


@weight(2)
def test_tail_follows_removals(solution, check):
    lst = solution.LinkedList([1, 2, 3])
    lst.remove(3)
    check(lst.tail().value())
    lst.append(4)
    check(walk(lst))
    lst.remove(1)
    lst.remove(2)
    lst.remove(4)
    check((lst.head(), lst.tail(), len(lst)))
    lst.append(5)
    check((walk(lst), lst.head() is lst.tail()))


def test_pop_front(solution, check):
    lst = solution.LinkedList(["x", "y"])
    check(lst.pop_front())
    check((walk(lst), len(lst), lst.tail().value()))
    check(lst.pop_front())
    check((lst.head(), lst.tail(), len(lst)))
    lst.append("z")
    check(walk(lst))


def test_remove_first_occurrence_only(solution, check):
    lst = solution.LinkedList([1, 2, 1, 3, 1])
    lst.remove(1)
    check(walk(lst))
    lst.remove(1)
    check(walk(lst))
    check(len(lst))
    with check.raises():
        lst.remove(9)
    with check.raises():
        lst.remove("1")


@weight(2)
def test_reverse_relinks_the_same_nodes(solution, check):
    lst = solution.LinkedList([1, 2, 3, 4])
    first, last = lst.head(), lst.tail()
    second = first.next()
    lst.reverse()
    check((lst.head() is last, lst.tail() is first))
    check(walk(lst))
    check(first.next())
    check(second.next() is first)
    lst.append(0)
    check(walk(lst))
    lst.reverse()
    check((walk(lst), lst.tail().value(), len(lst)))


def test_insert_after(solution, check):
    lst = solution.LinkedList([1, 3])
    new = lst.insert_after(lst.head(), 2)
    check((new.value(), walk(lst)))
    end = lst.insert_after(lst.tail(), 4)
    check((lst.tail() is end, walk(lst), len(lst)))
    lst.append(5)
    check(walk(lst))
    check(lst.find(3).value())


def test_insert_after_checks_the_node(solution, check):
    lst = solution.LinkedList([1, 2])
    other = solution.LinkedList([1, 2])
    with check.raises():
        lst.insert_after(other.head(), 9)
    with check.raises():
        lst.insert_after(None, 9)
    gone = lst.tail()
    lst.remove(2)
    with check.raises():
        lst.insert_after(gone, 9)
    check((walk(lst), walk(other)))


def test_returned_nodes_are_in_the_list(solution, check):
    lst = solution.LinkedList()
    a = lst.append("a")
    z = lst.push_front("z")
    check((lst.head() is z, lst.tail() is a, z.next() is a))
    m = lst.insert_after(z, "m")
    check(walk(lst))
    check(lst.find("m") is m)
    check(lst.find("nope"))


def test_membership_len_and_iteration(solution, check):
    lst = solution.LinkedList(range(5))
    check((3 in lst, 7 in lst, len(lst)))
    check(list(lst) == walk(lst))
    check([x * 2 for x in lst])
    check(list(zip(lst, lst)))
    lst.push_front(None)
    check((None in lst, lst.head().value(), len(lst)))


def test_lists_are_independent(solution, check):
    values = [1, 2]
    a = solution.LinkedList(values)
    b = solution.LinkedList(values)
    a.append(3)
    b.pop_front()
    check((walk(a), walk(b), values))
    check(repr(solution.LinkedList(["q"])))
