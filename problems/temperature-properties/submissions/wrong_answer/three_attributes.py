import math


def _check(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"temperature must be a number, not {type(value).__name__}")
    if not math.isfinite(value):
        raise ValueError("temperature must be finite")
    return float(value)


class Temperature:
    # Keeps each scale in its own attribute, computed once in the constructor.
    def __init__(self, celsius=0.0):
        self.celsius = celsius

    @classmethod
    def from_fahrenheit(cls, fahrenheit):
        t = cls()
        t.fahrenheit = fahrenheit
        return t

    @classmethod
    def from_kelvin(cls, kelvin):
        t = cls()
        t.kelvin = kelvin
        return t

    @property
    def celsius(self):
        return self._c

    @celsius.setter
    def celsius(self, value):
        value = _check(value)
        if value < -273.15:
            raise ValueError("temperature below absolute zero")
        self._c = value
        self._f = value * 9 / 5 + 32
        self._k = value + 273.15

    @property
    def fahrenheit(self):
        return self._f

    @fahrenheit.setter
    def fahrenheit(self, value):
        value = _check(value)
        if value < -459.67:
            raise ValueError("temperature below absolute zero")
        self._f = value

    @property
    def kelvin(self):
        return self._k

    @kelvin.setter
    def kelvin(self, value):
        value = _check(value)
        if value < 0:
            raise ValueError("temperature below absolute zero")
        self._k = value

    def __repr__(self):
        return f"Temperature(celsius={self._c:.2f})"
