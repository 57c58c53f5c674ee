class ValidationError(Exception):
    """The base of every validation failure."""


class FieldError(ValidationError):
    """What is wrong with one field."""

    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class MissingField(FieldError):
    def __init__(self, field):
        super().__init__(field, "is required")


class InvalidType(FieldError):
    pass


class OutOfRange(FieldError):
    pass


class UnknownField(FieldError):
    def __init__(self, field):
        super().__init__(field, "is not allowed")


class ValidationErrors(ValidationError):
    """Every field error of one validation, in the order they were found."""

    def __init__(self, errors):
        self.errors = list(errors)
        if not self.errors:
            raise ValueError("ValidationErrors needs at least one error")
        count = len(self.errors)
        noun = "error" if count == 1 else "errors"
        details = "; ".join(str(error) for error in self.errors)
        super().__init__(f"{count} validation {noun}: {details}")

    def __len__(self):
        return len(self.errors)

    def __iter__(self):
        return iter(self.errors)

    def by_field(self):
        grouped = {}
        for error in self.errors:
            grouped.setdefault(error.field, []).append(error.message)
        return grouped


FIELDS = ("name", "age", "email", "tags")


def _name(value):
    if not isinstance(value, str):
        raise InvalidType("name", "must be a string")
    value = value.strip()
    if not value:
        raise OutOfRange("name", "must not be blank")
    if len(value) > 50:
        raise OutOfRange("name", "must be at most 50 characters")
    return value


def _age(value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidType("age", "must be an integer")
    if not 0 <= value <= 150:
        raise OutOfRange("age", "must be between 0 and 150")
    return value


def _email(value):
    if not isinstance(value, str):
        raise InvalidType("email", "must be a string")
    local, at, domain = value.strip().partition("@")
    if not local or not at or not domain or "@" in domain:
        raise InvalidType("email", "must be a valid email address")
    return value.strip().lower()


def _tags(value):
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise InvalidType("tags", "must be a list of strings")
    return list(value)


CLEANERS = {"name": _name, "age": _age, "email": _email, "tags": _tags}
REQUIRED = ("name", "age", "email")


def validate_user(data):
    """The cleaned user record, or ValidationErrors listing every problem with `data`."""
    if not isinstance(data, dict):
        raise TypeError("data must be a dict")
    cleaned = {}
    errors = []
    for field in FIELDS:
        if field not in data:
            if field in REQUIRED:
                errors.append(MissingField(field))
            else:
                cleaned[field] = []
            continue
        try:
            cleaned[field] = CLEANERS[field](data[field])
        except FieldError as error:
            errors.append(error)
    for field in sorted(set(data) - set(FIELDS), key=str):
        errors.append(UnknownField(field))
    if errors:
        raise ValidationErrors(errors)
    return cleaned
