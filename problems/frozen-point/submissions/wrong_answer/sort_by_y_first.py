from dataclasses import dataclass, field


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    label: str = field(compare=False)


def sort_and_dedupe(points):
    first = {}
    for x, y, label in points:
        p = Point(x, y, label)
        first.setdefault(p, p)
    # bug: sorts by y before x
    return [[p.x, p.y, p.label] for p in sorted(first, key=lambda p: (p.y, p.x))]
