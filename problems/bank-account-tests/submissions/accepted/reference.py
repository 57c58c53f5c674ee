import pytest

from account import Account


def test_a_new_account_is_empty():
    assert Account().balance == 0


def test_deposit_adds_and_returns_the_balance():
    account = Account(5)
    assert account.deposit(3) == 8
    assert account.balance == 8


@pytest.mark.parametrize("amount", [0, -1])
def test_deposit_refuses_non_positive_amounts(amount):
    with pytest.raises(ValueError, match="amount must be positive"):
        Account(5).deposit(amount)


def test_withdraw_takes_out_and_returns_the_balance():
    account = Account(10)
    assert account.withdraw(4) == 6
    assert account.withdraw(6) == 0


@pytest.mark.parametrize("amount", [0, -2])
def test_withdraw_refuses_non_positive_amounts(amount):
    with pytest.raises(ValueError, match="amount must be positive"):
        Account(5).withdraw(amount)


@pytest.mark.parametrize("amount", [11, 12])
def test_withdraw_refuses_more_than_the_balance(amount):
    account = Account(10)
    with pytest.raises(ValueError, match="insufficient funds"):
        account.withdraw(amount)
    assert account.balance == 10
