from dataclasses import dataclass


@dataclass
class Item:
    name: str
    price: float
    qty: int = 0

    def __post_init__(self):
        if self.price < 0 or self.qty < 0:
            raise ValueError("negative")

    @property
    def value(self):
        return self.price * self.qty


def inventory_summary(items):
    stock = [Item(**d) for d in items]
    return {
        "total": sum(item.value for item in stock),
        "out_of_stock": sorted(item.name for item in stock if item.qty == 0),
        # bug: the most expensive item, not the most valuable stock
        "most_valuable": max(stock, key=lambda item: item.price).name if stock else None,
    }
