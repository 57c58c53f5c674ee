# Logs the shipment before checking the stock, so a refused shipment is in the log.
import copy
from dataclasses import dataclass, field


class OutOfStock(Exception):
    """A shipment asks for more than the warehouse holds."""


@dataclass
class StockItem:
    sku: str
    name: str
    quantity: int = 0
    tags: set = field(default_factory=set)


def checked_quantity(quantity):
    if type(quantity) is not int or quantity <= 0:
        raise ValueError(f"quantity must be a positive int, got {quantity!r}")
    return quantity


@dataclass
class Warehouse:
    name: str
    items: dict = field(default_factory=dict)
    log: list = field(default_factory=list)

    def receive(self, sku, name, quantity, tags=()):
        checked_quantity(quantity)
        item = self.items.get(sku)
        if item is None:
            item = self.items[sku] = StockItem(sku, name)
        elif item.name != name:
            raise ValueError(f"{sku} is already stocked as {item.name!r}")
        item.quantity += quantity
        item.tags.update(tags)
        self.log.append(f"received {quantity} x {sku}")
        return item

    def ship(self, sku, quantity):
        checked_quantity(quantity)
        self.log.append(f"shipped {quantity} x {sku}")
        item = self.items.get(sku)
        have = item.quantity if item else 0
        if quantity > have:
            raise OutOfStock(f"cannot ship {quantity} x {sku}: {have} in stock")
        item.quantity -= quantity
        return item.quantity

    def low_stock(self, threshold):
        low = [item for item in self.items.values() if item.quantity < threshold]
        return [item.sku for item in sorted(low, key=lambda item: (item.quantity, item.sku))]

    def tagged(self, tag):
        return sorted(sku for sku, item in self.items.items() if tag in item.tags)

    def clone(self, name):
        twin = copy.deepcopy(self)
        twin.name = name
        return twin
