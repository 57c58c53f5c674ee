class BankError(Exception):
    """Base class of every error the bank raises."""


class InvalidAmount(BankError, ValueError):
    """An amount that is not a positive whole number of cents."""


class InsufficientFunds(BankError):
    """A withdrawal or transfer larger than the balance."""


class AccountClosed(BankError):
    """Any operation on a closed account."""


class Account:
    def __init__(self, owner, balance=0):
        """An open account; balance in whole cents."""
        ...

    @property
    def owner(self):
        ...

    @property
    def balance(self):
        ...

    @property
    def is_open(self):
        ...

    def deposit(self, amount):
        """Adds amount; returns the new balance."""
        ...

    def withdraw(self, amount):
        """Takes amount out; returns the new balance."""
        ...

    def transfer(self, to, amount):
        """Moves amount from this account to `to`: all or nothing."""
        ...

    def close(self):
        """Closes the account; returns the balance paid out."""
        ...

    def history(self):
        """The operations so far, as (kind, amount) tuples."""
        ...
