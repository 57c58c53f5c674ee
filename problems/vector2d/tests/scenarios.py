from verdict import sample


# Lengths compare within 1e-9, absolute or relative.
CLOSE = {"checker": "float", "abs": 1e-9, "rel": 1e-9}


@sample
def test_addition(solution, check):
    check(solution.Vector(1, 2) + solution.Vector(3, 4))


@sample
def test_length_of_a_difference(solution, check):
    check(abs(solution.Vector(4, 6) - solution.Vector(1, 2)))


@sample
def test_scaling_on_either_side(solution, check):
    check(2 * solution.Vector(1, 2) == solution.Vector(1, 2) * 2)


def test_repr_keeps_each_coordinate_type(solution, check):
    Vector = solution.Vector
    check(repr(Vector(0, 0)))
    check(repr(Vector(1.5, -2) + Vector(1, 0.25)))
    check(repr(Vector(2, 4) * 0.5))


def test_subtraction_order(solution, check):
    Vector = solution.Vector
    check(Vector(1, 2) - Vector(10, 20))
    check(Vector(-3, -4) - Vector(0, 0))


def test_operators_make_new_vectors(solution, check):
    Vector = solution.Vector
    v, w = Vector(1, 2), Vector(3, 5)
    total = v + w
    difference = w - v
    scaled = v * 3
    check([total, difference, scaled])
    check([v, w])
    check([total is v, total is w, difference is w, scaled is v])


def test_scaling(solution, check):
    Vector = solution.Vector
    check(Vector(7, -8) * 0)
    check(-3 * Vector(2, -5))
    check(Vector(2, -5) * -3)


def test_length(solution, check):
    Vector = solution.Vector
    check(abs(Vector(0, 0)), **CLOSE)
    check(abs(Vector(-5, 12)), **CLOSE)
    check(abs(Vector(0, -7)), **CLOSE)
    check(abs(Vector(1, 1)), **CLOSE)
    check(abs(Vector(1000000000, 1000000000)), **CLOSE)
    check(type(abs(Vector(3, 4))))


def test_equality(solution, check):
    Vector = solution.Vector
    # One observation of every answer: what a forger flipping each False to True cannot match.
    check([
        Vector(1, 2) == Vector(2, 1),
        Vector(1, 2) == Vector(1, 3),
        Vector(1, 1) + Vector(2, 3) == Vector(5, 6) - Vector(2, 2),
        Vector(1, 2) == Vector(1.0, 2.0),
        Vector(1, 2) != Vector(1, 2),
        Vector(3, 4) == Vector(4, 3),
    ])


def test_never_equal_to_another_type(solution, check):
    Vector = solution.Vector
    check(Vector(0, 0) == 0)
    check(Vector(1, 2) == (1, 2))
    check(Vector(1, 2) != [1, 2])
    check(0 == Vector(0, 0))
    # The dunder itself answers NotImplemented, so that Python can try the other operand.
    check.call(Vector(0, 0).__eq__, 0)
    check.call(Vector(1, 2).__mul__, Vector(1, 2))
    check.call(Vector(1, 2).__add__, (1, 2))


def test_vector_times_vector_is_a_type_error(solution, check):
    Vector = solution.Vector
    with check.raises():
        Vector(1, 2) * Vector(3, 4)


def test_adding_a_number_is_a_type_error(solution, check):
    Vector = solution.Vector
    with check.raises():
        Vector(1, 2) + 1
    with check.raises():
        Vector(1, 2) - "a"
    with check.raises():
        Vector(1, 2) * "3"


def test_nested_expression_and_large_coordinates(solution, check):
    Vector = solution.Vector
    check(3 * (Vector(1, 0) + Vector(0, 1)) - Vector(1, 2) * 2)
    check(Vector(1000000000, -1000000000) + Vector(1000000000, 1))
