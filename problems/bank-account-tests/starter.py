from account import Account


def test_a_new_account_is_empty():
    assert Account().balance == 0
