from collections import namedtuple

Line = namedtuple("Line", "sku price quantity")


def _subtotal(lines):
    return sum(line.price * line.quantity for line in lines)


class NoDiscount:
    def __call__(self, lines):
        return 0


class PercentOff:
    def __init__(self, percent):
        if type(percent) is not int or not 0 <= percent <= 100:
            raise ValueError("percent must be an int between 0 and 100")
        self.percent = percent

    def __call__(self, lines):
        return round(_subtotal(lines) * self.percent / 100)


class BuyXGetYFree:
    def __init__(self, sku, buy, free):
        if type(buy) is not int or type(free) is not int or buy < 1 or free < 1:
            raise ValueError("buy and free must be positive ints")
        self.sku = sku
        self.buy = buy
        self.free = free

    def __call__(self, lines):
        discount = 0
        for line in lines:
            if line.sku == self.sku:
                discount += line.quantity // (self.buy + self.free) * self.free * line.price
        return discount


class Threshold:
    def __init__(self, minimum, off):
        self.minimum = minimum
        self.off = off

    def __call__(self, lines):
        return self.off if _subtotal(lines) >= self.minimum else 0


class BestOf:
    def __init__(self, *strategies):
        if not strategies:
            raise ValueError("BestOf needs at least one strategy")
        for strategy in strategies:
            if not callable(strategy):
                raise TypeError("strategy must be callable")
        self.strategies = strategies

    def __call__(self, lines):
        return max(strategy(lines) for strategy in self.strategies)


class Checkout:
    def __init__(self, strategy=None):
        self._lines = {}
        self.strategy = NoDiscount() if strategy is None else strategy

    @property
    def strategy(self):
        return self._strategy

    @strategy.setter
    def strategy(self, strategy):
        if not callable(strategy):
            raise TypeError("strategy must be callable")
        self._strategy = strategy

    def add(self, sku, price, quantity=1):
        if type(quantity) is not int or quantity < 1:
            raise ValueError("quantity must be a positive int")
        if type(price) is not int or price < 0:
            raise ValueError("price must be a non-negative int")
        line = self._lines.get(sku)
        if line is None:
            self._lines[sku] = Line(sku, price, quantity)
        elif line.price != price:
            raise ValueError(f"price of {sku} changed")
        else:
            self._lines[sku] = line._replace(quantity=line.quantity + quantity)

    def remove(self, sku, quantity=1):
        if sku not in self._lines:
            raise KeyError(sku)
        line = self._lines[sku]
        if quantity >= line.quantity:
            del self._lines[sku]
        else:
            self._lines[sku] = line._replace(quantity=line.quantity - quantity)

    def lines(self):
        return tuple(self._lines.values())

    def subtotal(self):
        return _subtotal(self._lines.values())

    def discount(self):
        discount = self._strategy(self.lines())
        if type(discount) is not int:
            raise TypeError("discount must be an int")
        return max(0, min(discount, self.subtotal()))

    def total(self):
        return self.subtotal() - self.discount()
