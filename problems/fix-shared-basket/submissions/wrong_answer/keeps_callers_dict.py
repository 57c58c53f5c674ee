class Basket:
    def __init__(self, customer, items=None):
        self.customer = customer
        self.items = items if items is not None else {}

    def add(self, sku, qty=1):
        if qty < 1:
            raise ValueError("quantity must be at least 1")
        self.items[sku] = self.items.get(sku, 0) + qty

    def remove(self, sku, qty=1):
        have = self.items.get(sku, 0)
        if qty > have:
            raise ValueError(f"only {have} of {sku} in the basket")
        if qty == have:
            del self.items[sku]
        else:
            self.items[sku] = have - qty

    def lines(self):
        return sorted(self.items.items())

    def count(self):
        return sum(self.items.values())

    def total(self, prices):
        return sum(prices[sku] * qty for sku, qty in self.items.items())
