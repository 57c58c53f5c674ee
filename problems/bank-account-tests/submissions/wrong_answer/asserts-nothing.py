import unittest

from account import Account


class AccountTest(unittest.TestCase):
    def test_deposit(self):
        Account(5).deposit(3)

    def test_withdraw(self):
        Account(10).withdraw(4)
