class BankError(Exception):
    """Base class of every error the bank raises."""


class InvalidAmount(BankError, ValueError):
    def __init__(self, amount):
        super().__init__(f"amount must be a positive whole number of cents, got {amount!r}")
        self.amount = amount


class InsufficientFunds(BankError):
    def __init__(self, balance, requested):
        super().__init__(f"insufficient funds: balance {balance}, requested {requested}")
        self.balance = balance
        self.requested = requested


class AccountClosed(BankError):
    def __init__(self, owner):
        super().__init__(f"account of {owner} is closed")
        self.owner = owner


def _check_amount(amount):
    if type(amount) is not int or amount <= 0:
        raise InvalidAmount(amount)


class Account:
    def __init__(self, owner, balance=0):
        if not isinstance(owner, str) or not owner:
            raise ValueError("owner must be a non-empty string")
        if type(balance) is not int or balance < 0:
            raise InvalidAmount(balance)
        self._owner = owner
        self._balance = balance
        self._open = True
        self._history = []

    @property
    def owner(self):
        return self._owner

    @property
    def balance(self):
        return self._balance

    @property
    def is_open(self):
        return self._open

    def _require_open(self):
        if not self._open:
            raise AccountClosed(self._owner)

    def deposit(self, amount):
        self._require_open()
        _check_amount(amount)
        self._balance += amount
        self._history.append(("deposit", amount))
        return self._balance

    def withdraw(self, amount):
        self._require_open()
        _check_amount(amount)
        if amount > self._balance:
            raise InsufficientFunds(self._balance, amount)
        self._balance -= amount
        self._history.append(("withdraw", amount))
        return self._balance

    def transfer(self, to, amount):
        self._require_open()
        if not isinstance(to, Account):
            raise TypeError("can only transfer to an Account")
        to._require_open()
        if to is self:
            raise BankError("cannot transfer to the same account")
        _check_amount(amount)
        if amount > self._balance:
            raise InsufficientFunds(self._balance, amount)
        self._balance -= amount
        to._balance += amount
        self._history.append(("transfer_out", amount))
        to._history.append(("transfer_in", amount))

    def close(self):
        self._require_open()
        paid_out = self._balance
        self._balance = 0
        self._open = False
        self._history.append(("close", paid_out))
        return paid_out

    def history(self):
        return list(self._history)
