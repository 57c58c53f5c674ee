from dataclasses import dataclass


@dataclass
class Item:
    name: str
    price: float
    qty: int = 0

    def __post_init__(self):
        # bug: only the price is validated
        if self.price < 0:
            raise ValueError("price must be non-negative")


def inventory_summary(items):
    stock = [Item(**d) for d in items]
    values = [item.price * item.qty for item in stock]
    best = values.index(max(values)) if values else None
    return {
        "total": sum(values),
        "out_of_stock": sorted(item.name for item in stock if item.qty == 0),
        "most_valuable": stock[best].name if stock else None,
    }
