from account import Account


def test_deposit():
    assert Account(5).deposit(3) == 8


def test_withdraw():
    assert Account(10).withdraw(4) == 6
