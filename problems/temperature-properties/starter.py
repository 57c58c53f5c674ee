ABSOLUTE_ZERO_C = -273.15


class Temperature:
    def __init__(self, celsius=0.0):
        ...

    @classmethod
    def from_fahrenheit(cls, fahrenheit):
        ...

    @classmethod
    def from_kelvin(cls, kelvin):
        ...

    @property
    def celsius(self):
        ...

    @celsius.setter
    def celsius(self, value):
        ...

    @property
    def fahrenheit(self):
        ...

    @fahrenheit.setter
    def fahrenheit(self, value):
        ...

    @property
    def kelvin(self):
        ...

    @kelvin.setter
    def kelvin(self, value):
        ...

    def __repr__(self):
        ...
