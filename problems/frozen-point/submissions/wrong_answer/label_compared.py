from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Point:
    x: int
    y: int
    label: str  # bug: the label takes part in equality, so duplicates survive


def sort_and_dedupe(points):
    unique = {Point(x, y, label) for x, y, label in points}
    return [[p.x, p.y, p.label] for p in sorted(unique)]
