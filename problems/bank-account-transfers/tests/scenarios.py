from verdict import sample, weight, group


@sample
def test_deposit_withdraw_and_transfer(solution, check):
    alice = solution.Account("alice", 100)
    bob = solution.Account("bob")
    check(alice.deposit(50))
    check(alice.withdraw(30))
    alice.transfer(bob, 70)
    check((alice.balance, bob.balance))
    check(bob.history())
    try:
        alice.withdraw(500)
    except solution.BankError as exc:
        caught = exc
    check((type(caught).__name__, str(caught)))


def test_exception_hierarchy(solution, check):
    check(issubclass(solution.BankError, Exception))
    check(issubclass(solution.InvalidAmount, solution.BankError))
    check(issubclass(solution.InvalidAmount, ValueError))
    check(issubclass(solution.InsufficientFunds, solution.BankError))
    check(issubclass(solution.InsufficientFunds, ValueError))
    check(issubclass(solution.AccountClosed, solution.BankError))
    check([cls.__name__ for cls in solution.InvalidAmount.__mro__])


def test_invalid_amounts_are_refused(solution, check):
    account = solution.Account("carol", 40)
    for amount in (0, -5, 2.5, True, "10", None):
        with check.raises():
            account.deposit(amount)
        with check.raises():
            account.withdraw(amount)
    try:
        account.deposit(-1)
    except ValueError as exc:
        check(exc.amount)
    check(account.balance)
    check(account.history())


def test_withdraw_the_whole_balance(solution, check):
    account = solution.Account("dave", 25)
    check(account.withdraw(25))
    check(account.balance)
    with check.raises():
        account.withdraw(1)
    check(account.deposit(1))
    check(account.withdraw(1))


def test_insufficient_funds_carries_the_numbers(solution, check):
    account = solution.Account("erin", 30)
    with check.raises() as raised:
        account.withdraw(31)
    check((raised.exception.balance, raised.exception.requested))
    check(isinstance(raised.exception, ValueError))
    check(account.balance)
    check(account.history())


def test_balance_and_owner_are_read_only(solution, check):
    account = solution.Account("frank", 10)
    with check.raises(message=False):
        account.balance = 1000
    with check.raises(message=False):
        account.owner = "mallory"
    with check.raises(message=False):
        account.is_open = False
    check((account.owner, account.balance, account.is_open))


def test_constructor_validation(solution, check):
    check(solution.Account("gina").balance)
    check(solution.Account("hank", 0).balance)
    with check.raises():
        solution.Account("ivan", -1)
    with check.raises():
        solution.Account("ivan", 10.0)
    with check.raises():
        solution.Account("ivan", False)
    with check.raises():
        solution.Account("", 10)
    with check.raises():
        solution.Account(None, 10)


def test_transfer_updates_both_sides(solution, check):
    src = solution.Account("jane", 500)
    dst = solution.Account("ken", 20)
    check(src.transfer(dst, 200))
    src.transfer(dst, 300)
    check((src.balance, dst.balance))
    check(src.history())
    check(dst.history())
    with check.raises():
        src.transfer(dst, 1)
    check((src.balance, dst.balance))


@weight(2)
def test_failed_transfer_changes_nothing(solution, check):
    src = solution.Account("lena", 100)
    dst = solution.Account("mike", 5)
    closed = solution.Account("nora", 7)
    closed.close()
    with check.raises():
        src.transfer(dst, 101)
    with check.raises():
        src.transfer(closed, 50)
    with check.raises():
        src.transfer(dst, 0)
    with check.raises():
        src.transfer(dst, -10)
    check((src.balance, dst.balance, closed.balance))
    check((src.history(), dst.history(), closed.history()))


def test_transfer_checks_in_order(solution, check):
    src = solution.Account("olga", 100)
    closed = solution.Account("pete", 1)
    closed.close()
    with check.raises():
        src.transfer(closed, -3)
    with check.raises():
        src.transfer(src, -3)
    with check.raises():
        src.transfer(src, 10)
    with check.raises():
        src.transfer("pete", 10)
    with check.raises():
        closed.transfer(src, 10)
    check(src.balance)


def test_closed_account_refuses_everything(solution, check):
    account = solution.Account("quinn", 80)
    account.deposit(20)
    check(account.close())
    check((account.is_open, account.balance))
    with check.raises():
        account.deposit(10)
    with check.raises():
        account.deposit(-10)
    with check.raises():
        account.withdraw(1)
    with check.raises():
        account.close()
    other = solution.Account("rita", 10)
    with check.raises():
        other.transfer(account, 5)
    check(other.balance)
    check(account.history())


def test_history_is_a_copy_and_per_account(solution, check):
    first = solution.Account("sam", 10)
    second = solution.Account("tina", 10)
    first.deposit(5)
    snapshot = first.history()
    snapshot.append(("deposit", 1000000))
    snapshot.clear()
    check(first.history())
    check(second.history())
    second.withdraw(3)
    check((first.history(), second.history()))
