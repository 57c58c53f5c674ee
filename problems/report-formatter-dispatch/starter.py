from functools import singledispatch


@singledispatch
def fmt(value):
    """The text of one report cell; other modules register their own types with fmt.register."""
    ...
