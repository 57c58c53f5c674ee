from verdict import sample, weight


@sample
def test_the_reported_list(solution, check):
    subscribers = ["ann@example.com", "Bob@Example.com", "cy@example.com", "dee@example.com"]
    removed = solution.remove_unsubscribed(subscribers, {"bob@example.com", "cy@example.com"})
    check(removed)
    check(subscribers)


@weight(2)
def test_neighbours_are_both_removed(solution, check):
    subscribers = ["a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io"]
    check(solution.remove_unsubscribed(subscribers, {"b@x.io", "c@x.io", "d@x.io"}))
    check(subscribers)


def test_every_address_removed(solution, check):
    subscribers = ["a@x.io", "b@x.io", "c@x.io", "d@x.io"]
    check(solution.remove_unsubscribed(subscribers, {"a@x.io", "b@x.io", "c@x.io", "d@x.io"}))
    check(subscribers)


def test_the_list_is_changed_in_place(solution, check):
    subscribers = ["a@x.io", "b@x.io", "c@x.io"]
    same_list = subscribers
    removed = solution.remove_unsubscribed(subscribers, {"a@x.io"})
    check(same_list)
    check(removed)
    check(type(removed))


def test_nothing_to_remove(solution, check):
    subscribers = ["a@x.io", "b@x.io"]
    check(solution.remove_unsubscribed(subscribers, set()))
    check(subscribers)
    check(solution.remove_unsubscribed(subscribers, {"zed@x.io"}))
    check(subscribers)


def test_empty_list(solution, check):
    subscribers = []
    check(solution.remove_unsubscribed(subscribers, {"a@x.io"}))
    check(subscribers)


def test_case_and_spaces_as_typed_are_kept(solution, check):
    subscribers = ["  Ann@X.io", "ann@x.io ", "BOB@x.io", "bob@x.io", "cy@x.io"]
    check(solution.remove_unsubscribed(subscribers, {"ann@x.io"}))
    check(subscribers)


def test_duplicates_all_go(solution, check):
    subscribers = ["a@x.io", "a@x.io", "b@x.io", "a@x.io", "a@x.io"]
    check(solution.remove_unsubscribed(subscribers, {"a@x.io"}))
    check(subscribers)


def test_removed_in_list_order(solution, check):
    subscribers = ["z@x.io", "m@x.io", "k@x.io", "a@x.io", "q@x.io", "b@x.io"]
    check(solution.remove_unsubscribed(subscribers, {"a@x.io", "z@x.io", "q@x.io", "b@x.io"}))
    check(subscribers)


def test_last_address_removed(solution, check):
    subscribers = ["a@x.io", "b@x.io", "c@x.io"]
    check(solution.remove_unsubscribed(subscribers, {"c@x.io"}))
    check(subscribers)


def test_a_long_list(solution, check):
    subscribers = [f"user{i}@x.io" for i in range(200)]
    gone = {f"user{i}@x.io" for i in range(200) if i % 3 != 1}
    removed = solution.remove_unsubscribed(subscribers, gone)
    check(len(removed))
    check(removed[:5])
    check(subscribers[:5])
    check(len(subscribers))
