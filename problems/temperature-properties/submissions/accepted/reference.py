import math

ABSOLUTE_ZERO_C = -273.15


def _as_number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"temperature must be a number, not {type(value).__name__}")
    if not math.isfinite(value):
        raise ValueError("temperature must be finite")
    return float(value)


class Temperature:
    """One temperature, stored once (in Celsius) and shown in three scales."""

    def __init__(self, celsius=0.0):
        self.celsius = celsius

    @classmethod
    def from_fahrenheit(cls, fahrenheit):
        temperature = cls()
        temperature.fahrenheit = fahrenheit
        return temperature

    @classmethod
    def from_kelvin(cls, kelvin):
        temperature = cls()
        temperature.kelvin = kelvin
        return temperature

    @property
    def celsius(self):
        return self._celsius

    @celsius.setter
    def celsius(self, value):
        value = _as_number(value)
        if value < ABSOLUTE_ZERO_C:
            raise ValueError("temperature below absolute zero")
        self._celsius = value

    @property
    def fahrenheit(self):
        return self._celsius * 9 / 5 + 32

    @fahrenheit.setter
    def fahrenheit(self, value):
        self.celsius = (_as_number(value) - 32) * 5 / 9

    @property
    def kelvin(self):
        return self._celsius - ABSOLUTE_ZERO_C

    @kelvin.setter
    def kelvin(self, value):
        self.celsius = _as_number(value) + ABSOLUTE_ZERO_C

    def __repr__(self):
        return f"Temperature(celsius={self._celsius:.2f})"
