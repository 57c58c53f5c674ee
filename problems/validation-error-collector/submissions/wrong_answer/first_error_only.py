class ValidationError(Exception):
    pass


class FieldError(ValidationError):
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
    def __init__(self, errors):
        self.errors = list(errors)
        if not self.errors:
            raise ValueError("ValidationErrors needs at least one error")
        count = len(self.errors)
        noun = "error" if count == 1 else "errors"
        super().__init__(f"{count} validation {noun}: " + "; ".join(map(str, self.errors)))

    def __len__(self):
        return len(self.errors)

    def __iter__(self):
        return iter(self.errors)

    def by_field(self):
        grouped = {}
        for error in self.errors:
            grouped.setdefault(error.field, []).append(error.message)
        return grouped


def validate_user(data):
    # Stops at the first problem: the user fixes one field, submits, and meets the next.
    if not isinstance(data, dict):
        raise TypeError("data must be a dict")
    try:
        for field in ("name", "age", "email"):
            if field not in data:
                raise MissingField(field)
        name = data["name"]
        if not isinstance(name, str):
            raise InvalidType("name", "must be a string")
        name = name.strip()
        if not name:
            raise OutOfRange("name", "must not be blank")
        if len(name) > 50:
            raise OutOfRange("name", "must be at most 50 characters")
        age = data["age"]
        if isinstance(age, bool) or not isinstance(age, int):
            raise InvalidType("age", "must be an integer")
        if not 0 <= age <= 150:
            raise OutOfRange("age", "must be between 0 and 150")
        email = data["email"]
        if not isinstance(email, str):
            raise InvalidType("email", "must be a string")
        local, at, domain = email.strip().partition("@")
        if not local or not at or not domain or "@" in domain:
            raise InvalidType("email", "must be a valid email address")
        tags = data.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise InvalidType("tags", "must be a list of strings")
        for field in sorted(set(data) - {"name", "age", "email", "tags"}, key=str):
            raise UnknownField(field)
    except FieldError as error:
        raise ValidationErrors([error])
    return {"name": name, "age": age, "email": email.strip().lower(), "tags": list(tags)}
