from verdict import sample, weight, group


@sample
def test_one_value_three_scales(solution, check):
    t = solution.Temperature(100)
    check(t.fahrenheit, checker="float", abs=1e-9)
    t.fahrenheit = 32
    check(t.celsius, checker="float", abs=1e-9)
    check(t.kelvin, checker="float", abs=1e-9)
    check(repr(solution.Temperature.from_kelvin(300)))
    with check.raises():
        t.celsius = -300


def test_default_is_freezing_point(solution, check):
    t = solution.Temperature()
    check(t.celsius, checker="float", abs=1e-9)
    check(t.fahrenheit, checker="float", abs=1e-9)
    check(t.kelvin, checker="float", abs=1e-9)
    check(repr(t))


def test_values_are_floats(solution, check):
    t = solution.Temperature(20)
    check((type(t.celsius).__name__, type(t.fahrenheit).__name__, type(t.kelvin).__name__))
    t.kelvin = 300
    check(type(t.kelvin).__name__)
    t.fahrenheit = 50
    check(type(t.fahrenheit).__name__)


@weight(2)
def test_setting_one_scale_moves_the_others(solution, check):
    t = solution.Temperature(25)
    t.celsius = 37
    check((t.fahrenheit, t.kelvin), checker="float", abs=1e-9)
    t.fahrenheit = 212
    check((t.celsius, t.kelvin), checker="float", abs=1e-9)
    t.kelvin = 0
    check((t.celsius, t.fahrenheit), checker="float", abs=1e-9)
    t.fahrenheit = -40
    check((t.celsius, t.kelvin), checker="float", abs=1e-9)
    check(repr(t))


def test_alternative_constructors(solution, check):
    Temperature = solution.Temperature
    check(Temperature.from_fahrenheit(98.6).celsius, checker="float", abs=1e-9)
    check(Temperature.from_kelvin(273.15).celsius, checker="float", abs=1e-9)
    check(Temperature.from_kelvin(0).fahrenheit, checker="float", abs=1e-9)
    check(repr(Temperature.from_fahrenheit(451)))

    class Reading(Temperature):
        pass

    check(type(Reading.from_kelvin(10)).__name__)
    check(type(Reading.from_fahrenheit(10)).__name__)


def test_absolute_zero_is_allowed_below_is_not(solution, check):
    Temperature = solution.Temperature
    check(Temperature(-273.15).kelvin, checker="float", abs=1e-9)
    check(Temperature.from_kelvin(0).celsius, checker="float", abs=1e-9)
    check(Temperature.from_fahrenheit(-459.67).kelvin, checker="float", abs=1e-9)
    with check.raises():
        Temperature(-273.16)
    with check.raises():
        Temperature.from_kelvin(-0.01)
    with check.raises():
        Temperature.from_fahrenheit(-460)


@weight(2)
def test_a_refused_value_changes_nothing(solution, check):
    t = solution.Temperature(10)
    with check.raises():
        t.kelvin = -1
    with check.raises():
        t.fahrenheit = -500
    with check.raises():
        t.celsius = -274
    check(t.celsius, checker="float", abs=1e-9)
    with check.raises():
        t.celsius = "hot"
    with check.raises():
        t.kelvin = None
    check(repr(t))


def test_type_checks(solution, check):
    Temperature = solution.Temperature
    for value in ("20", None, [20], True, False, 20j):
        with check.raises():
            Temperature(value)
    t = Temperature(5)
    with check.raises():
        t.fahrenheit = "41"
    with check.raises():
        t.kelvin = True
    with check.raises():
        t.celsius = False
    check(t.celsius, checker="float", abs=1e-9)


def test_nan_and_infinity_are_refused(solution, check):
    Temperature = solution.Temperature
    for value in (float("nan"), float("inf"), float("-inf")):
        with check.raises():
            Temperature(value)
    t = Temperature(1)
    with check.raises():
        t.fahrenheit = float("nan")
    with check.raises():
        t.kelvin = float("inf")
    check(t.kelvin, checker="float", abs=1e-9)


def test_instances_are_independent(solution, check):
    Temperature = solution.Temperature
    a = Temperature(1)
    b = Temperature(2)
    a.fahrenheit = 212
    check((a.celsius, b.celsius), checker="float", abs=1e-9)
    b.kelvin = 10
    check((a.kelvin, b.kelvin), checker="float", abs=1e-9)
    check([repr(x) for x in (a, b)])


def test_repr_rounds_to_two_places(solution, check):
    Temperature = solution.Temperature
    check(repr(Temperature(21.456)))
    check(repr(Temperature(-0.004)))
    check(repr(Temperature.from_fahrenheit(0)))
    check(repr(Temperature(1e6)))
