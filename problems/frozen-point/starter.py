from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Point:
    x: int
    y: int
    # label: str = ...  (excluded from comparisons)


def sort_and_dedupe(points):
    """[[x, y, label], ...] -> distinct points sorted by (x, y), first label kept."""
    ...
