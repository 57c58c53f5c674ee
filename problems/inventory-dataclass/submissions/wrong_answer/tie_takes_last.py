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
    best = None
    for item in stock:
        # bug: >= lets a later tie win
        if best is None or item.value >= best.value:
            best = item
    return {
        "total": sum(item.value for item in stock),
        "out_of_stock": sorted(item.name for item in stock if item.qty == 0),
        "most_valuable": best.name if best else None,
    }
