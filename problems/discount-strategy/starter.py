from collections import namedtuple

Line = namedtuple("Line", "sku price quantity")


class NoDiscount:
    def __call__(self, lines):
        ...


class PercentOff:
    def __init__(self, percent):
        ...

    def __call__(self, lines):
        ...


class BuyXGetYFree:
    def __init__(self, sku, buy, free):
        ...

    def __call__(self, lines):
        ...


class Threshold:
    def __init__(self, minimum, off):
        ...

    def __call__(self, lines):
        ...


class BestOf:
    def __init__(self, *strategies):
        ...

    def __call__(self, lines):
        ...


class Checkout:
    def __init__(self, strategy=None):
        ...

    @property
    def strategy(self):
        ...

    @strategy.setter
    def strategy(self, strategy):
        ...

    def add(self, sku, price, quantity=1):
        ...

    def remove(self, sku, quantity=1):
        ...

    def lines(self):
        ...

    def subtotal(self):
        ...

    def discount(self):
        ...

    def total(self):
        ...
