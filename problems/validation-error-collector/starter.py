class ValidationError(Exception):
    """The base of every validation failure."""


class FieldError(ValidationError):
    """What is wrong with one field: .field, .message; str() is "field: message"."""

    def __init__(self, field, message):
        ...


class MissingField(FieldError):
    ...


class InvalidType(FieldError):
    ...


class OutOfRange(FieldError):
    ...


class UnknownField(FieldError):
    ...


class ValidationErrors(ValidationError):
    """Every field error of one validation: .errors, len(), iteration, by_field()."""

    def __init__(self, errors):
        ...


def validate_user(data):
    """The cleaned user record, or ValidationErrors listing every problem with `data`."""
    ...
