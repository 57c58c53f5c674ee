from account import Account


def test_withdraw_everything():
    assert Account(10).withdraw(10) == 10
