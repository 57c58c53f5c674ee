import math


class Vector:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"Vector({self.x}, {self.y})"

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def __sub__(self, other):
        return Vector(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        # bug: Vector * Vector silently multiplies component-wise
        if isinstance(k, Vector):
            return Vector(self.x * k.x, self.y * k.y)
        return Vector(self.x * k, self.y * k)

    __rmul__ = __mul__

    def __eq__(self, other):
        # bug: comparing with a number is False only by accident of getattr
        return self.x == getattr(other, "x", None) and self.y == getattr(other, "y", None)

    def __abs__(self):
        return math.sqrt(self.x ** 2 + self.y ** 2)
