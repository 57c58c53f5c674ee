from dataclasses import dataclass, field


class OutOfStock(Exception):
    """A shipment asks for more than the warehouse holds."""


@dataclass
class StockItem:
    sku: str
    name: str
    quantity: int = 0
    tags: set = ...  # every item has a set of its own


@dataclass
class Warehouse:
    name: str
    items: dict = ...  # sku -> StockItem, a dict of its own per warehouse
    log: list = ...  # one line per successful receive/ship, a list of its own

    def receive(self, sku, name, quantity, tags=()):
        """Adds quantity of sku (creating its StockItem), merges tags; returns the StockItem."""
        ...

    def ship(self, sku, quantity):
        """Removes quantity of sku; returns what is left. OutOfStock when there is not enough."""
        ...

    def low_stock(self, threshold):
        """SKUs whose quantity is below threshold, fewest first, ties by SKU."""
        ...

    def tagged(self, tag):
        """SKUs carrying the tag, sorted."""
        ...

    def clone(self, name):
        """An independent copy under a new name: changing one never changes the other."""
        ...
