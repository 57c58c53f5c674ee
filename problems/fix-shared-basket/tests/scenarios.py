from verdict import sample


@sample
def test_a_new_customer_starts_with_an_empty_basket(solution, check):
    ada = solution.Basket("ada")
    ada.add("lamp", 2)
    bob = solution.Basket("bob")
    check(bob.lines())
    check(ada.lines())


def test_baskets_made_in_turn_do_not_share_items(solution, check):
    first = solution.Basket("first")
    first.add("pen")
    second = solution.Basket("second")
    second.add("ink", 3)
    third = solution.Basket("third")
    check(first.lines())
    check(second.lines())
    check(third.lines())
    check([first.count(), second.count(), third.count()])


def test_removing_from_one_basket_leaves_the_other(solution, check):
    ada = solution.Basket("ada")
    bob = solution.Basket("bob")
    ada.add("mug", 2)
    bob.add("mug", 1)
    with check.raises():
        bob.remove("mug", 3)
    bob.remove("mug")
    check(ada.lines())
    check(bob.lines())


def test_starting_items_are_copied(solution, check):
    saved = {"tea": 2, "cup": 1}
    basket = solution.Basket("ada", saved)
    basket.add("tea")
    basket.remove("cup")
    check(saved)
    check(basket.lines())
    other = solution.Basket("bob", saved)
    check(other.lines())


def test_the_caller_changing_its_dict_later(solution, check):
    saved = {"tea": 2}
    basket = solution.Basket("ada", saved)
    saved["cake"] = 5
    check(basket.lines())
    check(basket.count())


def test_add_merges_the_same_sku(solution, check):
    basket = solution.Basket("ada")
    basket.add("b", 1)
    basket.add("a", 4)
    basket.add("b", 2)
    check(basket.lines())
    check(basket.count())
    check(basket.customer)


def test_add_refuses_a_quantity_below_one(solution, check):
    basket = solution.Basket("ada")
    with check.raises():
        basket.add("pen", 0)
    with check.raises():
        basket.add("pen", -2)
    basket.add("pen", 1)
    check(basket.lines())


def test_remove_some_then_all(solution, check):
    basket = solution.Basket("ada", {"pen": 5})
    basket.remove("pen", 2)
    check(basket.lines())
    basket.remove("pen", 3)
    check(basket.lines())
    with check.raises():
        basket.remove("pen")
    with check.raises():
        basket.remove("nothing", 1)


def test_total_uses_the_prices(solution, check):
    basket = solution.Basket("ada")
    basket.add("lamp", 2)
    basket.add("bulb", 3)
    check(basket.total({"lamp": 30, "bulb": 4, "shade": 12}))
    check(solution.Basket("bob").total({"lamp": 30}))
    check(solution.Basket("cy").count())


def test_a_long_day_of_customers(solution, check):
    baskets = []
    for n in range(5):
        basket = solution.Basket(f"customer-{n}")
        basket.add(f"sku-{n}", n + 1)
        baskets.append(basket)
    check([b.lines() for b in baskets])
    check(sum(b.count() for b in baskets))
