class Vector:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"Vector({self.x!r}, {self.y!r})"

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def __sub__(self, other):
        # bug: other - self
        return Vector(other.x - self.x, other.y - self.y)

    def __mul__(self, k):
        if isinstance(k, Vector):
            return NotImplemented
        return Vector(self.x * k, self.y * k)

    def __rmul__(self, k):
        return self * k

    def __eq__(self, other):
        if not isinstance(other, Vector):
            return NotImplemented
        return self.x == other.x and self.y == other.y

    def __abs__(self):
        return (self.x * self.x + self.y * self.y) ** 0.5


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

