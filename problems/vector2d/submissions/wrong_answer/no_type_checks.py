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


# ---- test driver: do not change anything below this line ----
def evaluate(expr):
    """Evaluate a JSON expression with your Vector; Vectors come back as their repr."""
    result = _eval(expr)
    return repr(result) if isinstance(result, Vector) else result


def _eval(expr):
    if isinstance(expr, list) and expr and isinstance(expr[0], str):
        op, *operands = expr
        values = [_eval(operand) for operand in operands]
        if op == "+":
            return values[0] + values[1]
        if op == "-":
            return values[0] - values[1]
        if op == "*":
            return values[0] * values[1]
        if op == "==":
            return values[0] == values[1]
        if op == "abs":
            return abs(values[0])
        raise ValueError(f"unknown operator {op!r}")
    if isinstance(expr, list):
        return Vector(*expr)
    return expr

