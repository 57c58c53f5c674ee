from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Point:
    x: int
    y: int
    label: str = field(compare=False)


def sort_and_dedupe(points):
    latest = {}
    for x, y, label in points:
        p = Point(x, y, label)
        latest[p] = p  # bug: the key stays but the value is the last duplicate
    return [[p.x, p.y, p.label] for p in sorted(latest.values())]
