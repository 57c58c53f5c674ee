from dataclasses import dataclass


@dataclass
class Item:
    name: str
    price: float
    qty: int = 0

    # add __post_init__ validation and a `value` property


def inventory_summary(items):
    """Summarise a list of item dicts: total value, out-of-stock names, most valuable name."""
    ...
